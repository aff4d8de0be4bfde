#!/usr/bin/env bash
# System packages jixiao needs, installed from Debian's archive.
# The reader needs none beyond Python 3.11 with venv; later stages (PDF
# rendering, PostgreSQL, Chromium for browser tests) add theirs here.
set -euo pipefail

need=()
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "需要安装系统软件包：${need[*]}（请用 root 运行 scripts/setup-system.sh）" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
