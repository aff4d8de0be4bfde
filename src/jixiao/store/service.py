"""The service layer: every read and write of the workbench goes through here.

The CLI (``jixiao import``) and the web app call these methods only; login and
roles can wrap them later. Writes re-score and re-audit the form and bump its
version; a save based on a stale version raises :class:`ConflictError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from jixiao import api
from jixiao.audit import Review, review
from jixiao.model import Finding, Form, FormType, Funding, Goal, Indicator, parse_decimal, parse_value
from jixiao.render.contract import diagnostic_json
from jixiao.store.convert import fill_form_row, fill_review, to_findings, to_form
from jixiao.store.migrate import upgrade
from jixiao.store.models import Document, FindingRow, StoredForm

DEFAULT_URL = "sqlite:///jixiao.db"


class StoreError(Exception):
    """A request the store cannot satisfy; the message says why, in Chinese."""


class NotFound(StoreError):
    """No such form or document."""


class ConflictError(StoreError):
    """The form changed since it was read: the save would overwrite another's work."""

    def __init__(self, form_id: int, yours: int, current: int) -> None:
        super().__init__(f"表单 {form_id} 已被他人修改（您基于第 {yours} 版，当前为第 {current} 版）；请刷新后重新编辑")
        self.form_id, self.yours, self.current = form_id, yours, current


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing one file did."""

    filename: str
    status: str  # imported · duplicate · failed
    document_id: int | None = None
    forms: int = 0
    message: str = ""
    diagnostics: tuple[dict, ...] = ()


@dataclass(frozen=True, slots=True)
class FormQuery:
    """Filters, search, sort and page of the form list."""

    year: int | None = None
    department: str | None = None
    form_type: str | None = None
    grade: str | None = None
    severity: str | None = None  # error · warning: forms with at least one finding of it
    min_findings: int | None = None
    rate_min: float | None = None
    rate_max: float | None = None
    q: str | None = None
    sort: str = "id"  # id year score rate errors name, "-" prefix for descending
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True, slots=True)
class FormSummary:
    """One line of the form list."""

    id: int
    form_type: str
    year: int | None
    name: str
    department: str | None
    grade: str | None
    total_score: str | None
    execution_rate: float | None
    errors: int
    warnings: int
    infos: int
    version: int
    filename: str


@dataclass(frozen=True, slots=True)
class FormPage:
    """A page of the form list."""

    items: list[FormSummary]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class FormDetail:
    """A stored form with its review, as the detail page shows it."""

    id: int
    version: int
    document_id: int
    filename: str
    form: Form
    findings: list[Finding]
    review: Review


@dataclass(slots=True)
class FormEdit:
    """A reviewer's changes to a self-evaluation (values as typed; blank clears)."""

    version: int
    indicators: dict[int, dict[str, str]] = field(default_factory=dict)  # actual_text, score, deviation_reason
    funding: dict[int, dict[str, str]] = field(default_factory=dict)  # initial_budget annual_budget executed score …
    total_score: str | None = None


_MAX_ID = 2**63 - 1  # the largest id a database column holds

_SORTS = {"id": StoredForm.id, "year": StoredForm.year, "score": StoredForm.score_value,
          "rate": StoredForm.execution_rate, "errors": StoredForm.errors, "name": StoredForm.project_name}


class Store:
    """The forms database (SQLite file by default, PostgreSQL by URL)."""

    def __init__(self, url: str = DEFAULT_URL, *, migrate: bool = True) -> None:
        self.url = url
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        if migrate:
            upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    # -- import -----------------------------------------------------------

    def import_bytes(self, data: bytes, filename: str, profile: str | None = None) -> ImportOutcome:
        """Import one document; the same content twice adds nothing."""
        return self.import_documents([(filename, data)], profile=profile)[0]

    def import_documents(self, documents: Iterable[tuple[str, bytes]],
                         progress: Callable[[ImportOutcome], None] | None = None,
                         profile: str | None = None, workers: int | None = None) -> list[ImportOutcome]:
        """Import documents given as ``(filename, bytes)``: read and reviewed in parallel, stored in order.

        Content already stored (by SHA-256) is reported as a duplicate and adds nothing.
        """
        items = [(name, data, hashlib.sha256(data).hexdigest()) for name, data in documents]
        with self.sessions() as session:
            digests = [d for _, _, d in items]
            known = {d: i for d, i in session.execute(select(Document.sha256, Document.id)
                                                      .where(Document.sha256.in_(digests))).all()} if digests else {}
        todo = [(name, data, profile) for name, data, d in items if d not in known]
        count = workers if workers is not None else min(os.cpu_count() or 1, max(1, len(todo) // 4))
        if count > 1:
            with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
                prepared = iter(pool.map(_prepare, todo, chunksize=4))
                outcomes = self._store_all(items, known, prepared, progress)
        else:
            outcomes = self._store_all(items, known, map(_prepare, todo), progress)
        return outcomes

    def _store_all(self, items, known, prepared, progress) -> list[ImportOutcome]:
        outcomes, seen = [], dict(known)
        for name, data, digest in items:
            if digest in seen:
                outcome = ImportOutcome(name, "duplicate", seen[digest], message="已导入过相同内容的文件，未重复导入")
            else:
                outcome = self._store_prepared(name, data, digest, next(prepared))
                if outcome.document_id is not None:
                    seen[digest] = outcome.document_id
            outcomes.append(outcome)
            if progress:
                progress(outcome)
        return outcomes

    def _store_prepared(self, filename: str, data: bytes, digest: str, prepared) -> ImportOutcome:
        if isinstance(prepared, str):
            return ImportOutcome(filename, "failed", message=prepared)
        parsed, reviews = prepared
        now = dt.datetime.now()
        diagnostics = [diagnostic_json(d) for d in parsed.diagnostics]
        doc = Document(filename=filename, sha256=digest, size=len(data), content=data, imported_at=now,
                       diagnostics=diagnostics)
        for i, (form, form_review) in enumerate(zip(parsed.forms, reviews)):
            row = StoredForm(position=i, updated_at=now)
            fill_form_row(row, form)
            fill_review(row, form_review)
            doc.forms.append(row)
        with self.sessions.begin() as session:
            session.add(doc)
            session.flush()
            doc_id = doc.id
        return ImportOutcome(filename, "imported", doc_id, len(parsed.forms), diagnostics=tuple(diagnostics))

    def import_paths(self, paths: Iterable[Path], progress: Callable[[ImportOutcome], None] | None = None,
                     max_bytes: int = api.DEFAULT_MAX_BYTES) -> list[ImportOutcome]:
        """Import files (directories expanded); ``progress`` is called after each."""
        readable, failures = [], {}
        files = api.expand(list(paths))
        for path in files:
            try:
                if path.stat().st_size > max_bytes:
                    failures[path] = f"{path.name}：文件超过大小上限"
                else:
                    readable.append((path.name, path.read_bytes()))
            except OSError as exc:
                failures[path] = f"{path}：无法读取（{exc.strerror}）"
        outcomes = [ImportOutcome(p.name, "failed", message=m) for p, m in failures.items()]
        for outcome in outcomes:
            if progress:
                progress(outcome)
        return outcomes + self.import_documents(readable, progress)

    # -- read ---------------------------------------------------------------

    def list_forms(self, query: FormQuery = FormQuery()) -> FormPage:
        """A filtered, sorted page of forms."""
        stmt = select(StoredForm, Document.filename).join(Document)
        stmt = _filter(stmt, query)
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(_filter(select(StoredForm.id).join(Document),
                                                                            query).subquery()))
            column = _SORTS.get(query.sort.lstrip("-"), StoredForm.id)
            order = (column.desc() if query.sort.startswith("-") else column.asc()).nulls_last()
            per_page = max(1, min(query.per_page, 500))
            page = max(1, min(query.page, _MAX_ID // per_page))
            rows = session.execute(stmt.order_by(order, StoredForm.id).offset((page - 1) * per_page)
                                   .limit(per_page)).all()
        return FormPage([_summary(row, filename) for row, filename in rows], total or 0, page, per_page)

    def form_detail(self, form_id: int) -> FormDetail:
        """A stored form, reviewed again from its stored data (findings as stored)."""
        with self.sessions() as session:
            row = self._load(session, form_id)
            form = to_form(row)
            return FormDetail(row.id, row.version, row.document_id, row.document.filename, form,
                              to_findings(row), review(form, 0, row.profile_id))

    def document(self, document_id: int) -> tuple[str, bytes]:
        """The original bytes of an imported document."""
        if not 0 < document_id < _MAX_ID:
            raise NotFound(f"没有编号为 {document_id} 的文件")
        with self.sessions() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                raise NotFound(f"没有编号为 {document_id} 的文件")
            return doc.filename, doc.content

    def facets(self) -> dict[str, list]:
        """Values the list can be filtered by (years, departments, types, grades)."""
        with self.sessions() as session:
            def distinct(column):
                return [v for v in session.scalars(select(column).distinct().order_by(column)) if v is not None]

            return {"years": distinct(StoredForm.year), "departments": distinct(StoredForm.department),
                    "form_types": distinct(StoredForm.form_type), "grades": distinct(StoredForm.grade)}

    # -- write --------------------------------------------------------------

    def update_form(self, form_id: int, edit: FormEdit) -> FormDetail:
        """Apply a reviewer's changes, re-score and re-audit; refuse a stale version."""
        try:
            with self.sessions.begin() as session:
                row = self._load(session, form_id)
                if row.version != edit.version:
                    raise ConflictError(form_id, edit.version, row.version)
                form = _apply(to_form(row), edit)
                fill_form_row(row, form)
                fill_review(row, review(form, 0, row.profile_id))
                row.updated_at = dt.datetime.now()
        except StaleDataError:
            with self.sessions() as session:
                current = session.scalar(select(StoredForm.version).where(StoredForm.id == form_id)) or 0
            raise ConflictError(form_id, edit.version, current) from None
        return self.form_detail(form_id)

    def new_self_eval(self, declaration_id: int) -> int:
        """A new self-evaluation from a stored declaration: targets carried over, actuals left to fill."""
        with self.sessions.begin() as session:
            row = self._load(session, declaration_id)
            if row.form_type != FormType.TARGET_DECLARATION.value:
                raise StoreError("只能从绩效目标申报表新建自评表")
            decl = to_form(row)
            annual = next((f.amount for f in decl.funding if f.line.startswith("年度:") and "总额" in f.line), None)
            form = replace(
                decl, form_type=FormType.PROJECT_SELF_EVAL, title="项目支出绩效自评表",
                funding=(Funding(line="年度资金总额", annual_budget=annual, initial_budget=annual),),
                goals=tuple(Goal(target=g.target) for g in decl.goals) or (Goal(),),
                indicators=tuple(replace(i, actual_text=None, actual=None, score=None) for i in decl.indicators),
            )
            new = StoredForm(document_id=row.document_id, position=row.position, updated_at=dt.datetime.now())
            fill_form_row(new, form)
            fill_review(new, review(form, 0, row.profile_id))
            session.add(new)
            session.flush()
            return new.id

    # -- charts ---------------------------------------------------------------

    def dashboard(self) -> dict:
        """Numbers for the overview charts."""
        with self.sessions() as session:
            grades = dict(session.execute(select(StoredForm.grade, func.count()).group_by(StoredForm.grade)).all())
            points = session.execute(select(StoredForm.execution_rate, StoredForm.score_value,
                                            StoredForm.project_name, StoredForm.id)
                                     .where(StoredForm.execution_rate.is_not(None),
                                            StoredForm.score_value.is_not(None))).all()
            by_rule = session.execute(select(FindingRow.code, FindingRow.severity, func.count())
                                      .group_by(FindingRow.code, FindingRow.severity)).all()
            by_dept = session.execute(select(StoredForm.department, func.sum(StoredForm.errors),
                                             func.sum(StoredForm.warnings), func.count())
                                      .group_by(StoredForm.department)).all()
            marks = session.execute(select(func.sum(StoredForm.full_marks), func.sum(StoredForm.scored))).one()
            forms = session.scalar(select(func.count(StoredForm.id))) or 0
        return {
            "forms": forms,
            "grades": {k or "未填": v for k, v in grades.items()},
            "rate_vs_score": [[float(r), float(s), name or "", fid] for r, s, name, fid in points],
            "findings_by_rule": [{"code": c, "severity": s, "count": n} for c, s, n in by_rule],
            "findings_by_department": [{"department": d or "（未填）", "errors": int(e or 0), "warnings": int(w or 0),
                                        "forms": n} for d, e, w, n in by_dept],
            "full_marks_share": (float(marks[0]) / float(marks[1])) if marks[1] else None,
        }

    # -- helpers ---------------------------------------------------------------

    @staticmethod
    def _load(session: Session, form_id: int) -> StoredForm:
        if not 0 < form_id < _MAX_ID:
            raise NotFound(f"没有编号为 {form_id} 的表单")
        row = session.scalar(select(StoredForm).where(StoredForm.id == form_id).options(
            selectinload(StoredForm.funding), selectinload(StoredForm.goals), selectinload(StoredForm.indicators),
            selectinload(StoredForm.findings), selectinload(StoredForm.document)))
        if row is None:
            raise NotFound(f"没有编号为 {form_id} 的表单")
        return row


def _prepare(job: tuple[str, bytes, str | None]) -> tuple[api.ParseResult, list[Review]] | str:
    """Read and review one document (in a worker process); a failure is its message."""
    filename, data, profile = job
    try:
        parsed = api.parse_bytes(data, filename)
    except api.InputError as exc:
        return str(exc)
    return parsed, [review(form, i, profile) for i, form in enumerate(parsed.forms)]


def _filter(stmt, query: FormQuery):
    if query.year is not None:
        stmt = stmt.where(StoredForm.year == query.year if abs(query.year) < 10**6 else False)
    if query.department:
        stmt = stmt.where(StoredForm.department == query.department)
    if query.form_type:
        stmt = stmt.where(StoredForm.form_type == query.form_type)
    if query.grade:
        stmt = stmt.where(StoredForm.grade == query.grade)
    if query.severity == "error":
        stmt = stmt.where(StoredForm.errors > 0)
    elif query.severity == "warning":
        stmt = stmt.where(StoredForm.warnings > 0)
    if query.min_findings is not None and abs(query.min_findings) < _MAX_ID:
        stmt = stmt.where(StoredForm.errors + StoredForm.warnings + StoredForm.infos >= query.min_findings)
    if query.rate_min is not None:
        stmt = stmt.where(StoredForm.execution_rate >= query.rate_min)
    if query.rate_max is not None:
        stmt = stmt.where(StoredForm.execution_rate <= query.rate_max)
    if query.q:
        like = f"%{query.q}%"
        stmt = stmt.where(or_(StoredForm.project_name.like(like), StoredForm.department.like(like),
                              StoredForm.implementing_unit.like(like)))
    return stmt


def _summary(row: StoredForm, filename: str) -> FormSummary:
    return FormSummary(row.id, row.form_type, row.year, row.project_name or row.department or "（未命名）",
                       row.department, row.grade, row.total_score,
                       float(row.execution_rate) if row.execution_rate is not None else None,
                       row.errors, row.warnings, row.infos, row.version, filename)


_LARGEST = Decimal("1e15")  # no amount, rate or score on a form comes near this


def _number(value: str, what: str) -> Decimal | None:
    """A typed number: plain digits (thousands separators and a % sign allowed); blank clears."""
    value = value.strip()
    if not value:
        return None
    number = parse_decimal(value)
    if number is None or abs(number) >= _LARGEST:
        raise StoreError(f"{what}“{value}”不是数字（请填写如 9.5、1,241.00 或 84.80%）")
    return number


def _apply(form: Form, edit: FormEdit) -> Form:
    indicators = list(form.indicators)
    for i, changes in edit.indicators.items():
        if not 0 <= i < len(indicators):
            raise StoreError(f"没有编号为 {i} 的指标（共 {len(indicators)} 个，编号从 0 开始）")
        ind: Indicator = indicators[i]
        if "actual_text" in changes:
            actual = changes["actual_text"].strip() or None
            ind = replace(ind, actual_text=actual, actual=parse_value(actual) if actual else None)
        if "score" in changes:
            ind = replace(ind, score=_number(changes["score"], f"“{ind.name}”的得分"))
        if "deviation_reason" in changes:
            ind = replace(ind, deviation_reason=changes["deviation_reason"].strip() or None)
        indicators[i] = ind
    funding = list(form.funding)
    for i, changes in edit.funding.items():
        if not 0 <= i < len(funding):
            raise StoreError(f"没有编号为 {i} 的资金行（共 {len(funding)} 行，编号从 0 开始）")
        row = funding[i]
        updates = {k: _number(v, f"“{row.line}”的{k}") for k, v in changes.items()
                   if k in ("initial_budget", "annual_budget", "executed", "weight", "execution_rate", "score",
                            "amount")}
        funding[i] = replace(row, **updates)
    form = replace(form, indicators=tuple(indicators), funding=tuple(funding))
    if edit.total_score is not None:
        form = replace(form, total_score=_number(edit.total_score, "总分"))
    return form
