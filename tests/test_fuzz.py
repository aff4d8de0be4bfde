"""Fuzzing the reader with mutated seed documents and re-flowed real documents.

Lines are dropped, duplicated, shuffled and truncated, random bytes are
spliced in, and the text is re-encoded (GBK, UTF-16, Latin-1 garbage). The
reader must never raise (only :class:`~jixiao.api.InputError` for input
that holds no form at all), and every non-blank row must either go into a
form or be named by a diagnostic: nothing is dropped silently.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, SEEDS, SHARED
from jixiao import api
from jixiao.ingest.text import UnreadableInput, read_text_bytes
from jixiao.model import Form
from jixiao.parse.recognise import recognise

TEXTS = {s: (SAMPLES / f"{s}.txt").read_text(encoding="utf-8") for s in SEEDS}
REALDOCS = {p.stem: p.read_text(encoding="utf-8") for p in sorted((SHARED / "realdocs").glob("*.txt"))}
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated_lines(draw: st.DrawFn) -> list[str]:
    lines = TEXTS[draw(st.sampled_from(SEEDS))].split("\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "cut", "chop", "noise"]))
        if op == "drop":
            del lines[i : i + draw(st.integers(1, 12))]
        elif op == "dup":
            lines[i:i] = lines[i : i + draw(st.integers(1, 8))]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            lines = lines[:i]
        elif op == "chop":
            k = draw(st.integers(0, max(0, len(lines[i]))))
            lines[i] = lines[i][:k]
        else:
            lines.insert(i, draw(st.text(max_size=40)))
    return lines


def _locs(form: Form):
    yield form.loc
    for group in (form.funding, form.goals, form.indicators):
        for record in group:
            yield record.loc


def _assert_accounted(data: bytes) -> None:
    try:
        grid = read_text_bytes(data, "fuzz.txt")
    except UnreadableInput:
        return
    result = recognise(grid)
    seen = set(result.used_lines) | {n for d in result.diagnostics if d.loc is not None for n in d.loc.lines()}
    seen |= {loc.line for form in result.forms for loc in _locs(form) if loc is not None}
    silent = [row.loc.line for row in grid if not row.is_blank and row.loc.line not in seen]
    assert silent == [], f"rows neither read nor reported: {silent[:10]}"


def _parse_never_raises(data: bytes) -> None:
    try:
        result = api.parse_bytes(data, "fuzz.txt")
    except api.InputError as exc:
        assert str(exc)
        return
    for form in result.forms:
        assert form.form_type is not None


@FUZZ
@given(mutated_lines())
def test_mutated_lines_never_raise_and_nothing_is_dropped_silently(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8")
    _parse_never_raises(data)
    _assert_accounted(data)


@FUZZ
@given(mutated_lines(), st.sampled_from(["gbk", "gb18030", "utf-16", "utf-8-sig"]))
def test_other_encodings_read_the_same(lines: list[str], encoding: str) -> None:
    text = "\n".join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
        text = data.decode(encoding)
    _parse_never_raises(data)
    try:
        plain = api.parse_bytes(text.encode("utf-8"), "fuzz.txt")
        other = api.parse_bytes(data, "fuzz.txt")
    except api.InputError:
        return
    assert [f.project_name for f in other.forms] == [f.project_name for f in plain.forms]


@FUZZ
@given(st.sampled_from(SEEDS), st.binary(max_size=64), st.floats(0, 1), st.integers(0, 3))
def test_random_bytes_spliced_in(seed: str, junk: bytes, where: float, repeat: int) -> None:
    data = TEXTS[seed].encode("utf-8")
    at = int(len(data) * where)
    data = data[:at] + junk * repeat + data[at:]
    _parse_never_raises(data)
    _assert_accounted(data)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _parse_never_raises(data)
    _assert_accounted(data)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("\t\n |项目名称一级指标二级三级产出效益满意度总分:：0123456789.%≥≤=()（）-—")), max_size=600))
def test_table_shaped_noise(text: str) -> None:
    data = text.encode("utf-8")
    _parse_never_raises(data)
    _assert_accounted(data)


@st.composite
def rewrapped_realdoc(draw: st.DrawFn) -> str:
    """A realdocs text re-flowed as other extractions do: lines split at spaces, cells joined, NBSPs."""
    if not REALDOCS:
        return draw(st.sampled_from(list(TEXTS.values())))
    lines = REALDOCS[draw(st.sampled_from(sorted(REALDOCS)))].split("\n")
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        op = draw(st.sampled_from(["split-space", "join-cells", "join-lines", "rewrap", "nbsp", "cell-per-line"]))
        if op == "split-space" and " " in line:
            at = draw(st.sampled_from([k for k, ch in enumerate(line) if ch == " "]))
            lines[i : i + 1] = [line[:at], line[at + 1 :]]
        elif op == "join-cells":
            lines[i] = line.replace(" | ", "", draw(st.integers(1, 3)))
        elif op == "join-lines" and i + 1 < len(lines):
            lines[i : i + 2] = [line + draw(st.sampled_from(["", " ", " | "])) + lines[i + 1]]
        elif op == "rewrap" and len(line) > 4:
            width = draw(st.integers(2, max(2, len(line) - 1)))
            lines[i : i + 1] = [line[k : k + width] for k in range(0, len(line), width)]
        elif op == "nbsp":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + "\xa0" * draw(st.integers(1, 3)) + line[at:]
        elif op == "cell-per-line" and " | " in line:
            lines[i : i + 1] = [cell.strip() + " |" for cell in line.split(" | ")] + ["||"]
    return "\n".join(lines)


@FUZZ
@given(rewrapped_realdoc())
def test_rewrapped_real_documents_never_raise_and_nothing_is_dropped_silently(text: str) -> None:
    data = text.encode("utf-8")
    _parse_never_raises(data)
    _assert_accounted(data)
