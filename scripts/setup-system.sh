#!/usr/bin/env bash
# System packages jixiao needs, from Debian's archive (run as root; CI is root).
#   fonts-arphic-uming   宋体-style CJK font (TrueType: quick to subset) for PDF export
#   fonts-noto-cjk       CJK fallback font
#   libharfbuzz-subset0  fast font subsetting for WeasyPrint
#   libpango-1.0-0, libpangoft2-1.0-0  text layout for WeasyPrint
#   poppler-utils        pdftoppm / pdftotext: tests look at exported PDFs as a person would
#   qpdf                 builds the encrypted-PDF test fixture
#   postgresql           the shared-server database; the test suite runs the store tests against it
#   chromium             browser tests of the web workbench (Playwright drives Debian's Chromium)
set -euo pipefail

packages=(fonts-arphic-uming fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 postgresql chromium
          poppler-utils qpdf)
python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "需要安装系统软件包：${missing[*]}（请用 root 运行 scripts/setup-system.sh，或用 sudo）" >&2
  exit 1
fi
echo "安装系统软件包：${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
