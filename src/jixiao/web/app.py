"""The web workbench: FastAPI + Jinja2 pages over the Store, each with a JSON twin under /api.

Every read and write goes through :class:`jixiao.store.service.Store`; the views
only turn a request into a Store call and the result into a page (the view
models are in :mod:`jixiao.web.views`). POSTs are protected by a double-submit
CSRF token: a random token in a cookie, repeated in a hidden field (forms) or
the ``X-CSRF-Token`` header (fetch), compared on the server.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import re
import secrets
from importlib import resources
from typing import Any, Literal
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from jixiao import api
from jixiao.model import FormType, Severity
from jixiao.store.service import ConflictError, FormEdit, ImportOutcome, NotFound, Store, StoreError
from jixiao.web import views

CSRF_COOKIE = "jixiao_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_FILES_PER_REQUEST = 20
STATUS_LABELS = {"imported": "已导入", "duplicate": "已导入过", "failed": "失败"}
EXPORT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "pdf": "application/pdf", "json": "application/json; charset=utf-8"}
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class CsrfError(Exception):
    """A POST without the matching CSRF token."""


class UploadTooLarge(Exception):
    """An upload over the size limit."""


class EditIn(BaseModel):
    """Changes to a self-evaluation (values as typed; blank clears; fields left out are unchanged)."""

    version: int = Field(description="表单版本号（读取时的 version）；与当前版本不符则返回 409")
    indicators: dict[int, dict[str, str]] = Field(default_factory=dict,
                                                  description="指标序号（从 0 起）→ {actual_text, score, deviation_reason}")
    funding: dict[int, dict[str, str]] = Field(default_factory=dict,
                                               description="资金行序号 → {initial_budget, annual_budget, executed, weight, score}")
    total_score: str | None = Field(default=None, description="总分")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _attachment(name: str) -> str:
    """A Content-Disposition header keeping a Chinese filename (RFC 6266 / 5987)."""
    name = re.sub(r'[\x00-\x1f\x7f"\\/]+', "_", name).strip() or "download"
    fallback = name.encode("ascii", "ignore").decode().strip("._ ") or "download"
    if "." in name and "." not in fallback:
        fallback += "." + name.rsplit(".", 1)[1].encode("ascii", "ignore").decode()
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def _outcome_json(outcome: ImportOutcome) -> dict[str, Any]:
    return dataclasses.asdict(outcome) | {"status_label": STATUS_LABELS.get(outcome.status, outcome.status)}


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f}".rstrip("0").rstrip(".")


def create_app(store: Store, *, max_upload_bytes: int = api.DEFAULT_MAX_BYTES) -> FastAPI:
    """The workbench over ``store``; uploads larger than ``max_upload_bytes`` per file are refused (413)."""
    app = FastAPI(title="jixiao 绩效工作台", description="预算绩效表单的导入、复核、编辑与统计。页面的数据接口都在 /api 下。",
                  version="1", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    env = Environment(loader=PackageLoader("jixiao.web", "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(FORM_TYPES=views.FORM_TYPES, SEVERITIES=views.SEVERITIES, STATUS_LABELS=STATUS_LABELS,
                       Severity=Severity)
    templates = Jinja2Templates(env=env)
    static = resources.files("jixiao.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.state.store = store
    limit_mb = _mb(max_upload_bytes)

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def error(request: Request, status: int, message: str, **extra: Any) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": message} | extra, status_code=status)
        return page(request, "error.html", status, status=status, message=message)

    # -- middleware: CSRF cookie, early size check, security headers ---------------------

    @app.middleware("http")
    async def guard(request: Request, call_next):
        token = request.cookies.get(CSRF_COOKIE, "")
        fresh = not _TOKEN.match(token)
        request.state.csrf = secrets.token_urlsafe(32) if fresh else token
        length = request.headers.get("content-length", "")
        if (request.method == "POST" and request.url.path in ("/import", "/api/import") and length.isdigit()
                and int(length) > max_upload_bytes * MAX_FILES_PER_REQUEST + 1048576):
            response = error(request, 413, f"上传内容过大：单个文件不超过 {limit_mb} MB，"
                                           f"一次最多 {MAX_FILES_PER_REQUEST} 个文件")
        else:
            response = await call_next(request)
        if fresh:
            response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict", path="/")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/api/docs"):
            response.headers.setdefault("Content-Security-Policy", _CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    async def csrf(request: Request) -> None:
        """Compare the cookie's token with the form field or header (double submit)."""
        sent = request.headers.get(CSRF_HEADER)
        if not sent and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not sent or not secrets.compare_digest(cookie.encode(), sent.encode()):
            raise CsrfError()

    async def form_data(request: Request) -> dict[str, str]:
        return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}

    # -- errors, in Chinese ------------------------------------------------------------

    @app.exception_handler(CsrfError)
    async def csrf_failed(request: Request, exc: CsrfError) -> Response:
        return error(request, 403, "安全校验失败：页面已过期或请求不是从本系统页面发出的。请返回上一页、刷新后再提交一次。")

    @app.exception_handler(UploadTooLarge)
    async def too_large(request: Request, exc: UploadTooLarge) -> Response:
        return error(request, 413, str(exc))

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError) -> Response:
        if isinstance(exc, ConflictError):
            return error(request, 409, str(exc), current_version=exc.current)
        return error(request, 404 if isinstance(exc, NotFound) else 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_failed(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {404: "没有这个页面，请检查地址", 405: "不支持这种请求方式"}
        detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        return error(request, exc.status_code, detail or messages.get(exc.status_code, "请求无法处理"))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = "、".join(".".join(str(p) for p in e.get("loc", ())[1:]) or "请求" for e in exc.errors())
        return error(request, 422, f"请求参数有误（{fields}），请检查后重试")

    # -- 总览 ----------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    @app.get("/dashboard", include_in_schema=False)
    def dashboard_page(request: Request) -> HTMLResponse:
        data = store.dashboard()
        counts = {s: sum(r["count"] for r in data["findings_by_rule"] if r["severity"] == s) for s in
                  ("error", "warning", "info")}
        return page(request, "dashboard.html", nav="dashboard", data=data, counts=counts, twin="/api/dashboard")

    @app.get("/api/dashboard", tags=["总览"], summary="总览图表的数据")
    def dashboard_api() -> dict:
        return store.dashboard()

    # -- 表单列表 ------------------------------------------------------------------------

    @app.get("/forms", include_in_schema=False)
    def list_page(request: Request) -> HTMLResponse:
        query = views.list_query(request.query_params)
        result = store.list_forms(query)
        twin = "/api/forms" + (request.url.query and "?" + request.url.query)
        return page(request, "forms.html", nav="forms", result=result, query=query, facets=store.facets(),
                    link=views.link, sort_link=views.sort_link, sortable=views.SORTABLE, per_pages=views.PER_PAGE,
                    twin=twin)

    @app.get("/api/forms", tags=["表单"], summary="表单列表（筛选、搜索、排序、分页）")
    def list_api(request: Request, year: int | None = None, department: str | None = None,
                 form_type: str | None = None, grade: str | None = None,
                 severity: Literal["error", "warning"] | None = None, min_findings: int | None = None,
                 rate_min: float | None = None, rate_max: float | None = None, q: str | None = None,
                 sort: str = "id", page: int = 1, per_page: int = 50) -> dict:
        query = views.list_query(request.query_params)
        return views.page_json(store.list_forms(query), query, store.facets())

    # -- 表单详情 ------------------------------------------------------------------------

    @app.get("/forms/{form_id}", include_in_schema=False)
    def detail_page(request: Request, form_id: int) -> HTMLResponse:
        detail = store.form_detail(form_id)
        return page(request, "detail.html", nav="forms", d=detail, sheet=views.sheet_view(detail),
                    counts=views.severity_counts(detail.findings), where=views.where, text=views.finding_text,
                    score=views.score_json(detail), editable=views.editable(detail.form),
                    declaration=detail.form.form_type is FormType.TARGET_DECLARATION,
                    saved=request.query_params.get("saved"), twin=f"/api/forms/{form_id}")

    @app.get("/api/forms/{form_id}", tags=["表单"], summary="一张表单：内容、审核发现、参考得分")
    def detail_api(form_id: int) -> dict:
        return views.detail_json(store.form_detail(form_id))

    @app.get("/forms/{form_id}/export/{fmt}", tags=["表单"], summary="导出一张表单（带审核标注）")
    def export(form_id: int, fmt: Literal["xlsx", "pdf", "json"]) -> Response:
        detail = store.form_detail(form_id)
        parsed = api.ParseResult(source=detail.filename, forms=(detail.form,), diagnostics=())
        data = api.export(parsed, fmt, detail.findings)
        return Response(data, media_type=EXPORT_TYPES[fmt],
                        headers={"Content-Disposition": _attachment(f"{detail.form.name}.{fmt}")})

    @app.get("/documents/{document_id}/download", tags=["表单"], summary="下载导入的原文件")
    def download(document_id: int) -> Response:
        filename, content = store.document(document_id)
        media = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return Response(content, media_type=media, headers={"Content-Disposition": _attachment(filename)})

    # -- 编辑 ------------------------------------------------------------------------------

    def _edit_page(request: Request, detail, status: int = 200, values: dict | None = None,
                   message: str = "") -> HTMLResponse:
        if not views.editable(detail.form):
            return error(request, 400, "只能编辑自评表；绩效目标申报表请用「据此新建自评表」生成自评表后再填写")
        return page(request, "edit.html", status, nav="forms", d=detail, values=values or views.edit_values(detail.form),
                    version=detail.version, score=views.score_json(detail), message=message,
                    total_row=views.total_index(detail.form),
                    funding_fields=views.FUNDING_FIELDS, twin=f"/api/forms/{detail.id}/edit")

    @app.get("/forms/{form_id}/edit", include_in_schema=False)
    def edit_page(request: Request, form_id: int) -> HTMLResponse:
        return _edit_page(request, store.form_detail(form_id))

    @app.post("/forms/{form_id}/edit", include_in_schema=False, dependencies=[Depends(csrf)])
    def edit_save(request: Request, form_id: int, data: dict = Depends(form_data)) -> Response:
        current = store.form_detail(form_id)
        version = views.parse_int(data.get("version"))
        if version is None:
            return error(request, 400, "缺少版本号，请刷新编辑页后重试")
        edit = views.edit_from_form(current.form, version, data)
        try:
            store.update_form(form_id, edit)
        except ConflictError as exc:
            return page(request, "conflict.html", 409, nav="forms", d=current, message=str(exc),
                        changes=views.edit_changes(edit, current.form))
        except StoreError as exc:
            return _edit_page(request, current, 400, values=views.edit_values(current.form) | data, message=str(exc))
        return RedirectResponse(f"/forms/{form_id}?saved=1", status_code=303)

    @app.get("/api/forms/{form_id}/edit", tags=["编辑"], summary="可编辑的字段及当前版本号")
    def edit_api(form_id: int) -> dict:
        return views.edit_json(store.form_detail(form_id))

    @app.post("/api/forms/{form_id}/edit", tags=["编辑"], dependencies=[Depends(csrf)],
              summary="保存修改（需 X-CSRF-Token 头；版本过期返回 409）")
    def edit_save_api(form_id: int, body: EditIn) -> dict:
        if not views.editable(store.form_detail(form_id).form):
            raise StoreError("只能编辑自评表")
        edit = FormEdit(version=body.version, indicators=body.indicators, funding=body.funding,
                        total_score=body.total_score)
        return views.detail_json(store.update_form(form_id, edit))

    @app.post("/forms/{form_id}/new-self-eval", include_in_schema=False, dependencies=[Depends(csrf)])
    def new_self_eval_page(form_id: int) -> Response:
        return RedirectResponse(f"/forms/{store.new_self_eval(form_id)}/edit", status_code=303)

    @app.post("/api/forms/{form_id}/new-self-eval", tags=["编辑"], dependencies=[Depends(csrf)],
              summary="据绩效目标申报表新建自评表")
    def new_self_eval_api(form_id: int) -> dict:
        new_id = store.new_self_eval(form_id)
        return {"id": new_id, "edit": f"/forms/{new_id}/edit"}

    # -- 导入 ------------------------------------------------------------------------------

    def _import(files: list[UploadFile]) -> list[ImportOutcome]:
        files = [f for f in files if f.filename or (f.size or 0) > 0]
        if not files:
            raise StoreError("请选择要导入的文件")
        if len(files) > MAX_FILES_PER_REQUEST:
            raise StoreError(f"一次最多导入 {MAX_FILES_PER_REQUEST} 个文件，请分批上传")
        big = [f for f in files if (f.size or 0) > max_upload_bytes]
        if big:
            names = "、".join(f"“{f.filename}”（{_mb(f.size or 0)} MB）" for f in big)
            raise UploadTooLarge(f"{names}超过单个文件上限 {limit_mb} MB，未导入")
        outcomes = []
        for f in files:
            name = re.split(r"[\\/]", f.filename or "")[-1] or "未命名文件"
            data = f.file.read(max_upload_bytes + 1)
            if len(data) > max_upload_bytes:
                raise UploadTooLarge(f"“{name}”超过单个文件上限 {limit_mb} MB，未导入")
            outcomes.append(store.import_bytes(data, name))
        return outcomes

    @app.get("/import", include_in_schema=False)
    def import_page(request: Request) -> HTMLResponse:
        return page(request, "import.html", nav="import", outcomes=None, limit_mb=limit_mb,
                    max_bytes=max_upload_bytes, max_files=MAX_FILES_PER_REQUEST, twin="/api/import")

    @app.post("/import", include_in_schema=False, dependencies=[Depends(csrf)])
    def import_upload(request: Request, files: list[UploadFile] = File(default=[])) -> HTMLResponse:
        return page(request, "import.html", nav="import", outcomes=_import(files), limit_mb=limit_mb,
                    max_bytes=max_upload_bytes, max_files=MAX_FILES_PER_REQUEST, twin="/api/import")

    @app.get("/api/import", tags=["导入"], summary="导入的限制")
    def import_limits() -> dict:
        return {"max_bytes": max_upload_bytes, "max_mb": limit_mb, "max_files": MAX_FILES_PER_REQUEST,
                "accepted": "任何文件均可上传，按内容识别：文本、PDF、Excel、Word、网页"}

    @app.post("/api/import", tags=["导入"], dependencies=[Depends(csrf)],
              summary="导入一个或多个文件（需 X-CSRF-Token 头；超过大小上限返回 413）")
    def import_api(files: list[UploadFile] = File(description="要导入的文件")) -> dict:
        outcomes = _import(files)
        return {"results": [_outcome_json(o) for o in outcomes],
                "imported": sum(1 for o in outcomes if o.status == "imported"),
                "forms": sum(o.forms for o in outcomes)}

    # -- API docs (served locally: no CDN) -----------------------------------------------

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="jixiao 绩效工作台 · 接口文档",
                                   swagger_js_url="/static/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui.css", swagger_favicon_url="/static/favicon.svg",
                                   swagger_ui_parameters={"validatorUrl": None})

    return app
