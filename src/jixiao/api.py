"""The few functions the CLI (and later the web app) share: read a document."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jixiao.audit import Review, review
from jixiao.ingest.detect import read_document
from jixiao.ingest.memory import paused_gc
from jixiao.ingest.text import UnreadableInput
from jixiao.model import Diagnostic, Finding, Form
from jixiao.parse.recognise import recognise
from jixiao.render.contract import document_json, dumps
from jixiao.score.profiles import ProfileError

#: Documents larger than this are refused (bytes); configurable per call.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


class InputError(Exception):
    """A document that cannot be read at all; the message says what to do."""


class NoFormFound(InputError):
    """A document was read but holds no form; ``result`` still carries its diagnostics."""

    def __init__(self, message: str, result: "ParseResult") -> None:
        super().__init__(message)
        self.result = result


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What one document gave: its forms and the reader's diagnostics."""

    source: str
    forms: tuple[Form, ...]
    diagnostics: tuple[Diagnostic, ...]


def _too_large(source: str, size: int, limit: int) -> str:
    def mb(n: int) -> str:
        return f"{n / 1048576:.1f}".rstrip("0").rstrip(".")

    return f"{source}：文件有 {mb(size)} MB，超过上限 {mb(limit)} MB（可用 --max-mb 调整）"


def parse_bytes(data: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """Parse a document given as bytes.

    Raises:
        InputError: empty, too large, binary or undecodable input, or no form in it.
    """
    if len(data) > max_bytes:
        raise InputError(_too_large(source, len(data), max_bytes))
    if not data.strip():
        raise InputError(f"{source}：文件是空的，请检查是否选错了文件")
    try:
        with paused_gc():
            grid = read_document(data, source)
            result = recognise(grid)
    except UnreadableInput as exc:
        raise InputError(f"{source}：{exc}") from None
    parsed = ParseResult(source=source, forms=tuple(result.forms), diagnostics=tuple(result.diagnostics))
    if not result.forms:
        raise NoFormFound(f"{source}：没有找到绩效自评表或绩效目标申报表（需要项目名称、指标表等内容）；"
                          "用 --json 可查看读取提示", parsed)
    return parsed


def parse_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """Parse the document at ``path``.

    Raises:
        InputError: when the file is missing, unreadable, or holds no form.
    """
    if not path.exists():
        raise InputError(f"{path}：文件不存在，请检查路径")
    if path.is_dir():
        raise InputError(f"{path}：这是一个目录，请给出文件")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(_too_large(str(path), size, max_bytes))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}：无法读取（{exc.strerror}）") from None
    return parse_bytes(data, path.name, max_bytes=max_bytes)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A parsed document with every form reviewed."""

    parsed: ParseResult
    reviews: tuple[Review, ...]

    @property
    def findings(self) -> list[Finding]:
        """All findings of all forms, in form order."""
        return [f for r in self.reviews for f in r.findings]


def check(parsed: ParseResult, profile_id: str | None = None) -> CheckResult:
    """Re-score and audit every form of a parsed document.

    Raises:
        InputError: when ``profile_id`` names no bundled profile.
    """
    try:
        reviews = tuple(review(form, i, profile_id) for i, form in enumerate(parsed.forms))
    except ProfileError as exc:
        raise InputError(str(exc)) from None
    return CheckResult(parsed, reviews)


def export(parsed: ParseResult, fmt: str, findings: list[Finding] | None = None) -> bytes:
    """The forms of a document in their official layout: ``xlsx``, ``pdf``, ``html`` or ``json``."""
    forms = list(parsed.forms)
    if fmt == "xlsx":
        from jixiao.render.xlsx import render_xlsx

        return render_xlsx(forms, findings)
    if fmt == "pdf":
        from jixiao.render.pdf import render_pdf

        return render_pdf(forms, findings, parsed.source)
    if fmt == "html":
        from jixiao.render.html import render_html

        return render_html(forms, findings, parsed.source).encode("utf-8")
    if fmt == "json":
        return (dumps(document_json(parsed.source, forms, list(parsed.diagnostics), findings)) + "\n").encode()
    raise InputError(f"不支持的导出格式“{fmt}”；可选 xlsx、pdf、html、json")


def expand(paths: list[Path]) -> list[Path]:
    """Files named, with directories expanded recursively (sorted; hidden files skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*"))
                       if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            out.append(path)
    return out


def sample_paths() -> list[Path]:
    """The seed documents bundled with jixiao as sample data."""
    folder = resources.files("jixiao") / "samples"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))
