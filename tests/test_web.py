"""The web workbench through FastAPI's TestClient, on a SQLite store holding the five seed documents."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import warnings
from html.parser import HTMLParser
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

from sqlalchemy import insert
from typer.testing import CliRunner

from conftest import SAMPLES, postgres_database
from jixiao import api
from jixiao.store.models import StoredForm
from jixiao.store.service import FormQuery, Store
from jixiao.web import create_app

SEEDS = sorted(SAMPLES.glob("*.txt"))
EXEC_FORM = "信息化项目管理服务推进工作经费"


# -- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "seeded.db"
    store = Store(f"sqlite:///{path}")
    store.import_paths(api.sample_paths())
    store.engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, seeded_db: Path, tmp_path: Path) -> Iterator[Store]:
    """The five samples imported, in a fresh SQLite file or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        copy = tmp_path / "jixiao.db"
        shutil.copy(seeded_db, copy)
        yield Store(f"sqlite:///{copy}")
        return
    with postgres_database() as url:
        store = Store(url)
        store.import_paths(api.sample_paths())
        yield store
        store.engine.dispose()


@pytest.fixture
def client(store: Store) -> TestClient:
    c = TestClient(create_app(store))
    assert c.get("/").status_code == 200  # sets the CSRF cookie
    return c


@pytest.fixture
def empty_client(tmp_path: Path) -> TestClient:
    c = TestClient(create_app(Store(f"sqlite:///{tmp_path / 'empty.db'}")))
    c.get("/import")
    return c


def token(client: TestClient) -> str:
    return client.cookies.get("jixiao_csrf")


def form_id(client: TestClient, q: str, **params: str) -> int:
    items = client.get("/api/forms", params={"q": q, **params}).json()["items"]
    assert items, q
    return items[0]["id"]


class Page(HTMLParser):
    """The cells, inputs and links of a page, for assertions on structure rather than on text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.cells: list[dict] = []
        self.inputs: dict[str, str] = {}
        self._cell: dict | None = None
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "td":
            self._cell = {"attrs": a, "text": ""}
            self.cells.append(self._cell)
        elif tag == "input" and a.get("name") and a.get("type") != "file":
            self.inputs[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.inputs[self._textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data
        if self._textarea:
            self.inputs[self._textarea] += data


def list_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<td><a href="/forms/(\d+)">', html)]


# -- pages and their JSON twins ----------------------------------------------------------


def test_every_page_and_its_json_twin(client: TestClient) -> None:
    fid = form_id(client, EXEC_FORM)
    pages = [("/", "/api/dashboard", ["总览", "评分等级分布", "执行率与总分", "各规则的审核发现", "各主管部门的审核发现",
                                      "满分指标占比", "31"]),
             ("/dashboard", "/api/dashboard", ["总览"]),
             ("/forms", "/api/forms", ["表单列表", "共 31 张", "主管部门", "评分等级", "执行率", EXEC_FORM]),
             (f"/forms/{fid}", f"/api/forms/{fid}", [EXEC_FORM, "项目支出绩效自评表", "审核发现", "参考总分"]),
             (f"/forms/{fid}/edit", f"/api/forms/{fid}/edit", ["编辑", "实际完成值", "得分", "偏差原因", "保存"]),
             ("/import", "/api/import", ["导入表单", "把文件拖到这里", "50 MB"])]
    for url, twin, texts in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        for text in texts:
            assert text in r.text, (url, text)
        assert f'href="{twin}"' in r.text, url
        for nav in (">总览</a>", ">表单列表</a>", ">导入</a>"):
            assert nav in r.text
        j = client.get(twin)
        assert j.status_code == 200 and j.headers["content-type"].startswith("application/json"), twin
    assert client.get("/api/dashboard").json()["forms"] == 31
    assert client.get("/api/forms").json()["total"] == 31
    assert client.get(f"/api/forms/{fid}").json()["form"]["project_name"] == EXEC_FORM
    assert client.get(f"/api/forms/{fid}/edit").json()["version"] == 1
    assert client.get("/api/import").json()["max_mb"] == "50"


def test_dashboard_twin_is_the_store_data(client: TestClient, store: Store) -> None:
    assert client.get("/api/dashboard").json() == json.loads(json.dumps(store.dashboard()))
    html = client.get("/").text
    assert 'src="/static/echarts.min.js"' in html and 'data-src="/api/dashboard"' in html
    js = client.get("/static/echarts.min.js")
    assert js.status_code == 200 and len(js.content) > 500_000
    assert "Apache License" in client.get("/static/echarts.LICENSE.txt").text


def test_api_docs_are_served_locally(client: TestClient) -> None:
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/static/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text.lower()
    spec = client.get("/api/openapi.json").json()
    assert {"/api/forms", "/api/forms/{form_id}", "/api/forms/{form_id}/edit", "/api/import",
            "/api/dashboard", "/api/forms/{form_id}/new-self-eval"} <= set(spec["paths"])
    assert not any(p in spec["paths"] for p in ("/forms", "/import", "/"))
    assert client.get("/static/swagger-ui-bundle.js").status_code == 200


def test_errors_are_chinese_pages(client: TestClient) -> None:
    for url, status, text in [("/forms/999999", 404, "没有编号为 999999 的表单"), ("/no-such-page", 404, "没有这个页面"),
                              ("/forms/abc", 422, "请求参数有误")]:
        r = client.get(url)
        assert r.status_code == status and text in r.text and "<!DOCTYPE html>" in r.text
    assert client.get("/api/forms/999999").json() == {"detail": "没有编号为 999999 的表单"}


# -- the list ---------------------------------------------------------------------------


def test_list_filters(client: TestClient) -> None:
    def count(**params: str) -> int:
        html = client.get("/forms", params=params | {"per_page": "200"}).text
        total = int(re.search(r"共 (\d+) 张", html).group(1))
        assert total == len(list_ids(html)) == client.get("/api/forms", params=params).json()["total"], params
        return total

    def count_html(**params: str) -> int:
        return int(re.search(r"共 (\d+) 张", client.get("/forms", params=params).text).group(1))

    assert count(year="2024") == 10
    assert count(form_type="target_declaration") == 8
    assert count(grade="优") == 10
    assert count(department="天津市残疾人联合会") == 1
    assert count(severity="error") >= 3
    assert count(severity="warning") > count(severity="error")
    assert count(min_findings="10") < count(min_findings="1") <= 31
    assert count(rate_min="90", rate_max="100") > 0
    assert count(q="天津") == 1 and count(q="残疾人联合会") >= 25
    assert count_html(year="abc", rate_min="x", grade="") == 31  # the page ignores malformed and blank filters
    assert client.get("/api/forms", params={"year": "abc"}).status_code == 422  # the API says what is wrong
    html = client.get("/forms", params={"rate_max": "50"}).text
    assert EXEC_FORM in html and "2019年残疾人保障金(就业培训)" in html and "残疾人事业宣传文化经费" not in html
    assert 'value="50.0"' in html  # the filter stays filled in


def test_list_sorts_and_pages(client: TestClient) -> None:
    top = client.get("/api/forms", params={"sort": "-score", "per_page": "3"}).json()
    assert [i["total_score"] for i in top["items"]] == ["99.91", "99.73", "99.67"]
    html = client.get("/forms", params={"sort": "-score", "per_page": "20"}).text
    assert list_ids(html)[:3] == [i["id"] for i in top["items"]]
    assert 'href="/forms?sort=score&amp;per_page=20"' in html  # clicking 总分 again sorts ascending
    names = [i["name"] for i in client.get("/api/forms", params={"sort": "name", "per_page": "200"}).json()["items"]
             if i["form_type"] != "department_self_eval"]  # a department form has no project name: sorted last
    assert names == sorted(names)
    years = [i["year"] for i in client.get("/api/forms", params={"sort": "-year"}).json()["items"]]
    assert years[0] == 2024
    errors = [i["errors"] for i in client.get("/api/forms", params={"sort": "-errors"}).json()["items"]]
    assert errors == sorted(errors, reverse=True)
    page2 = client.get("/forms", params={"per_page": "20", "page": "2", "year": "2024"})
    assert len(list_ids(page2.text)) == 0 and "没有符合条件的表单" in page2.text
    page2 = client.get("/forms", params={"per_page": "20", "page": "2"}).text
    assert len(list_ids(page2)) == 11 and "第 2 / 2 页" in page2 and 'rel="prev"' in page2
    assert "page=2" in client.get("/forms", params={"per_page": "20"}).text


def test_list_pages_ten_thousand_forms(store: Store) -> None:
    """Only one page of rows is rendered however many forms there are (speed: bench/store.py)."""
    now = dt.datetime.now()
    rows = [{"document_id": 1, "position": 100 + i, "form_type": "project_self_eval", "year": 2015 + i % 10,
             "project_name": f"批量项目{i:05d}", "department": f"部门{i % 40}", "score_value": i % 100,
             "total_score": f"{i % 100}.00", "execution_rate": (i * 7) % 101, "errors": i % 3, "warnings": i % 5,
             "infos": 0, "full_marks": 0, "scored": 0, "version": 1, "updated_at": now, "extra": {}}
            for i in range(10_000)]
    with store.engine.begin() as conn:
        conn.execute(insert(StoredForm), rows)
    c = TestClient(create_app(store))
    c.get("/forms")  # warm up
    for params in ({}, {"sort": "-score", "page": "150"}, {"q": "批量项目09", "severity": "error"},
                   {"rate_min": "10", "rate_max": "20", "sort": "name", "page": "3"}):
        r = c.get("/forms", params=params)
        assert r.status_code == 200 and 0 < len(list_ids(r.text)) <= 50
    assert "共 10031 张" in c.get("/forms").text


# -- the detail page ----------------------------------------------------------------------


def test_detail_marks_the_execution_rate_finding_on_its_cell(client: TestClient) -> None:
    fid = form_id(client, EXEC_FORM)
    html = client.get(f"/forms/{fid}").text
    findings = client.get(f"/api/forms/{fid}").json()["findings"]
    n = next(k for k, f in enumerate(findings, 1) if f["code"] == "EXEC-10")
    cells = [c for c in Page(html).cells if str(n) in c["attrs"].get("data-findings", "").split()]
    assert len(cells) == 1
    cell = cells[0]
    assert cell["text"].startswith("23.41%")  # the printed execution rate
    assert "flag-warning" in cell["attrs"]["class"]
    assert "EXEC-10" in cell["attrs"]["title"] and "预算执行率仅 23.41%" in cell["attrs"]["title"]
    assert "重算 23.40%" in cell["text"]  # the recomputed value beside the printed one
    assert f'data-n="{n}" data-code="EXEC-10"' in html  # listed under the table (the click panel reads it)
    assert 'id="panel"' in html and "/static/detail.js" in html


def test_detail_shows_reference_scores_beside_printed_scores(client: TestClient) -> None:
    fid = form_id(client, EXEC_FORM)
    detail = client.get(f"/api/forms/{fid}").json()
    refs = [c["text"] for c in Page(client.get(f"/forms/{fid}").text).cells if "参考" in c["text"]]
    assert any(t.startswith("20参考 20") for t in refs)  # 正向 indicator: printed 20, reference 20
    assert any("参考 8–10" in t for t in refs)  # qualitative indicator: a band
    assert detail["score"]["indicators"][2]["low"] == 8 and detail["score"]["indicators"][0]["reference"] == 20
    assert detail["score"]["execution"]["reference"] == 2.34


def test_downloads_and_annotated_exports(client: TestClient) -> None:
    fid = form_id(client, EXEC_FORM)
    detail = client.get(f"/api/forms/{fid}").json()
    html = client.get(f"/forms/{fid}").text
    for fmt in ("xlsx", "pdf", "json"):
        assert f'href="/forms/{fid}/export/{fmt}"' in html
    doc = client.get(f"/documents/{detail['document_id']}/download")
    assert doc.status_code == 200 and doc.content == (SAMPLES / detail["filename"]).read_bytes()
    assert f"filename=\"{detail['filename']}\"" in doc.headers["content-disposition"]
    xlsx = client.get(f"/forms/{fid}/export/xlsx")
    assert xlsx.content[:2] == b"PK" and "filename*=UTF-8''" in xlsx.headers["content-disposition"]
    assert "%E4%BF%A1%E6%81%AF%E5%8C%96" in xlsx.headers["content-disposition"]  # 信息化…, kept in Chinese
    exported = client.get(f"/forms/{fid}/export/json").json()
    assert exported["forms"][0]["project_name"] == EXEC_FORM
    assert "EXEC-10" in {f["code"] for f in exported["findings"]}
    assert client.get(f"/forms/{fid}/export/pdf").content[:4] == b"%PDF"
    assert client.get(f"/forms/{fid}/export/docx").status_code == 422
    assert client.get("/documents/9999/download").status_code == 404


# -- editing --------------------------------------------------------------------------------


def test_edit_round_trip_rescores_and_reaudits(client: TestClient) -> None:
    fid = form_id(client, "残疾人事业统计")
    before = client.get(f"/api/forms/{fid}").json()
    i = next(k for k, ind in enumerate(before["form"]["indicators"]) if ind["name"] == "市级持证残疾人基本状况培训人数")
    assert ("IND-02", i) in {(f["code"], f["indicator"]) for f in before["findings"]}
    fields = Page(client.get(f"/forms/{fid}/edit").text).inputs
    assert fields["version"] == "1" and fields["csrf_token"] == token(client)
    assert f"ind-{i}-score" in fields and "fund-0-executed" in fields and "total_score" in fields
    fields[f"ind-{i}-score"] = "9.80"
    fields["total_score"] = "98.66"
    fields[f"ind-{i}-deviation_reason"] = "按实际培训人数重新计分"
    r = client.post(f"/forms/{fid}/edit", data=fields, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/forms/{fid}?saved=1"
    page = client.get(r.headers["location"]).text
    assert "已保存，当前为第 2 版" in page and "98.66" in page and "按实际培训人数重新计分" in page
    after = client.get(f"/api/forms/{fid}").json()
    assert after["version"] == 2 and after["form"]["total_score"] == 98.66
    assert after["form"]["indicators"][i]["score"] == 9.8
    assert ("IND-02", i) not in {(f["code"], f["indicator"]) for f in after["findings"]}
    # fields left as they were are not rewritten
    changed = [k for k, (a, b) in enumerate(zip(before["form"]["indicators"], after["form"]["indicators"])) if a != b]
    assert changed == [i]
    assert before["form"]["funding"] == after["form"]["funding"]


def test_edit_funding_amounts_change_the_execution_findings(client: TestClient) -> None:
    fid = form_id(client, EXEC_FORM)
    fields = Page(client.get(f"/forms/{fid}/edit").text).inputs
    fields["fund-0-executed"] = "400800"
    fields["fund-0-score"] = "10"
    assert client.post(f"/forms/{fid}/edit", data=fields).status_code == 200
    after = client.get(f"/api/forms/{fid}").json()
    assert after["score"]["execution"]["rate"] == 100
    assert "EXEC-10" not in {f["code"] for f in after["findings"]}


def test_bad_number_redisplays_the_form_with_a_chinese_message(client: TestClient) -> None:
    fid = form_id(client, EXEC_FORM)
    fields = Page(client.get(f"/forms/{fid}/edit").text).inputs
    fields["ind-0-score"] = "二十分"
    r = client.post(f"/forms/{fid}/edit", data=fields)
    assert r.status_code == 400 and "不是数字" in r.text and 'value="二十分"' in r.text
    assert client.get(f"/api/forms/{fid}").json()["version"] == 1


def test_stale_version_is_a_409_conflict_page_and_never_overwrites(client: TestClient) -> None:
    fid = form_id(client, EXEC_FORM)
    fields = Page(client.get(f"/forms/{fid}/edit").text).inputs
    first = dict(fields, **{"ind-0-deviation_reason": "甲的说明"})
    second = dict(fields, **{"ind-0-deviation_reason": "乙的说明"})
    assert client.post(f"/forms/{fid}/edit", data=first, follow_redirects=False).status_code == 303
    r = client.post(f"/forms/{fid}/edit", data=second, follow_redirects=False)
    assert r.status_code == 409
    assert "别人已先保存" in r.text and "没有保存" in r.text and f'href="/forms/{fid}/edit"' in r.text
    assert "乙的说明" in r.text  # what was typed is shown, not lost
    assert client.get(f"/api/forms/{fid}").json()["form"]["indicators"][0]["deviation_reason"] == "甲的说明"
    api_r = client.post(f"/api/forms/{fid}/edit", json={"version": 1, "total_score": "1"},
                        headers={"X-CSRF-Token": token(client)})
    assert api_r.status_code == 409 and api_r.json()["current_version"] == 2 and "已被他人修改" in api_r.json()["detail"]


def test_json_edit_twin(client: TestClient) -> None:
    fid = form_id(client, EXEC_FORM)
    r = client.post(f"/api/forms/{fid}/edit", json={"version": 1, "indicators": {"0": {"score": "18"}}},
                    headers={"X-CSRF-Token": token(client)})
    assert r.status_code == 200 and r.json()["version"] == 2
    assert r.json()["form"]["indicators"][0]["score"] == 18


def test_csrf_missing_or_invalid_is_refused_in_chinese(client: TestClient, store: Store) -> None:
    fid = form_id(client, EXEC_FORM)
    fields = Page(client.get(f"/forms/{fid}/edit").text).inputs
    fields["ind-0-score"] = "1"
    for data in ({k: v for k, v in fields.items() if k != "csrf_token"}, dict(fields, csrf_token="x" * 43)):
        r = client.post(f"/forms/{fid}/edit", data=data)
        assert r.status_code == 403 and "安全校验失败" in r.text
    stranger = TestClient(create_app(store))  # no cookie at all: a forged cross-site post
    assert stranger.post(f"/forms/{fid}/edit", data=fields).status_code == 403
    for url in (f"/api/forms/{fid}/edit", f"/api/forms/{fid}/new-self-eval"):
        r = client.post(url, json={"version": 1}, headers={"X-CSRF-Token": "wrong"})
        assert r.status_code == 403 and "安全校验失败" in r.json()["detail"]
    r = client.post("/api/import", files={"files": ("a.txt", b"x")})
    assert r.status_code == 403
    r = client.post(f"/forms/{fid}/new-self-eval", data={})
    assert r.status_code == 403
    assert client.get(f"/api/forms/{fid}").json()["version"] == 1
    cookie = client.get("/").headers.get("set-cookie") or ""
    assert "jixiao_csrf" not in cookie  # the token is kept, not rotated on every page


def test_csrf_cookie_is_httponly_and_strict(store: Store) -> None:
    c = TestClient(create_app(store))
    r = c.get("/forms")
    cookie = r.headers["set-cookie"]
    assert "jixiao_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert f'<meta name="csrf-token" content="{c.cookies.get("jixiao_csrf")}">' in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]


# -- safety -----------------------------------------------------------------------------


def _one_form_with_name(name: str) -> bytes:
    text = (SAMPLES / "000_2cccbeb7d8deb71b.txt").read_text(encoding="utf-8")
    first = text[:text.index("财政项目支出绩效自评表", 10)]
    return first.replace("残疾人事业宣传文化经费", name).encode("utf-8")


def test_script_in_a_project_name_is_escaped_everywhere(client: TestClient) -> None:
    data = _one_form_with_name("&lt;script&gt;alert(1)&lt;/script&gt;")  # decoded by the reader to a real tag
    r = client.post("/api/import", files={"files": ("注入.txt", data, "text/plain")},
                    headers={"X-CSRF-Token": token(client)})
    assert r.json()["results"][0]["status"] == "imported"
    fid = form_id(client, "alert(1)")
    assert client.get(f"/api/forms/{fid}").json()["form"]["project_name"] == "<script>alert(1)</script>"
    for url in (f"/forms/{fid}", f"/forms/{fid}/edit", "/forms?q=alert", "/forms?q=<script>alert(1)</script>", "/"):
        html = client.get(url).text
        assert "<script>alert(1)" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/forms/{fid}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/forms?q=alert").text
    # markup in the seeds (<p>) is shown as text, never as tags
    seeded = client.get(f"/forms/{form_id(client, '残疾人事业宣传文化经费')}").text
    assert "<p>项目总目标" not in seeded


# -- import ----------------------------------------------------------------------------------


def _files(paths: list[Path]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "text/plain")) for p in paths]


def test_uploading_the_five_seeds_gives_31_forms_and_again_nothing(empty_client: TestClient) -> None:
    c = empty_client
    r = c.post("/api/import", files=_files(SEEDS), headers={"X-CSRF-Token": token(c)})
    assert r.status_code == 200
    body = r.json()
    assert [o["status"] for o in body["results"]] == ["imported"] * 5 and body["forms"] == 31
    assert any(o["diagnostics"] for o in body["results"])
    assert c.get("/api/forms").json()["total"] == 31 and "共 31 张" in c.get("/forms").text
    again = c.post("/api/import", files=_files(SEEDS), headers={"X-CSRF-Token": token(c)}).json()
    assert {o["status"] for o in again["results"]} == {"duplicate"}
    assert all("未重复导入" in o["message"] for o in again["results"])
    assert c.get("/api/forms").json()["total"] == 31


def test_plain_form_post_import_shows_results_without_javascript(empty_client: TestClient) -> None:
    c = empty_client
    r = c.post("/import", data={"csrf_token": token(c)}, files=_files(SEEDS[:2]) + [
        ("files", ("notes.bin", b"\x00\x01\x02 not a form", "application/octet-stream"))])
    assert r.status_code == 200
    assert r.text.count('class="pill imported"') == 2 and "读出 10 张表" in r.text
    assert 'class="pill failed"' in r.text and "notes.bin" in r.text
    assert "表格之外的文字未读入" in r.text  # a document diagnostic, shown in Chinese
    again = c.post("/import", data={"csrf_token": token(c)}, files=_files(SEEDS[:1]))
    assert "已导入过" in again.text
    nothing = c.post("/import", data={"csrf_token": token(c)})
    assert nothing.status_code == 400 and "请选择要导入的文件" in nothing.text


def test_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'small.db'}")
    c = TestClient(create_app(store, max_upload_bytes=20_000))
    c.get("/import")
    r = c.post("/api/import", files=_files([SEEDS[0]]), headers={"X-CSRF-Token": token(c)})  # 34 KB
    assert r.status_code == 413 and "超过单个文件上限" in r.json()["detail"]
    assert "limit" not in r.json()["detail"]
    r = c.post("/import", data={"csrf_token": token(c)}, files=_files(SEEDS[:2]))
    assert r.status_code == 413 and "超过单个文件上限" in r.text
    assert c.get("/api/forms").json()["total"] == 0
    huge = c.post("/api/import", files={"files": ("huge.txt", b"0" * 1_500_000)}, headers={"X-CSRF-Token": token(c)})
    assert huge.status_code == 413 and "上传内容过大" in huge.json()["detail"]  # refused before the body is read
    ok = c.post("/api/import", files=_files([SEEDS[2]]), headers={"X-CSRF-Token": token(c)})  # 15 KB
    assert ok.status_code == 200 and ok.json()["forms"] == 1


def test_default_limit_is_50_mb(empty_client: TestClient) -> None:
    big = b"0" * (50 * 1024 * 1024 + 1)
    r = empty_client.post("/api/import", files={"files": ("big.txt", big)},
                          headers={"X-CSRF-Token": token(empty_client)})
    assert r.status_code == 413 and "50 MB" in r.json()["detail"]


def test_any_file_type_is_accepted_and_detected_by_content(empty_client: TestClient) -> None:
    c = empty_client
    renamed = [("files", ("自评表.pdf", SEEDS[2].read_bytes(), "application/pdf")),
               ("files", ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"))]
    results = c.post("/api/import", files=renamed, headers={"X-CSRF-Token": token(c)}).json()["results"]
    assert results[0]["status"] == "imported" and results[0]["forms"] == 1
    assert results[1]["status"] == "failed" and results[1]["message"].startswith("picture.png：")


# -- declarations -----------------------------------------------------------------------------


def test_declaration_gives_a_new_self_evaluation(client: TestClient) -> None:
    decl = form_id(client, "信息化建设项目", form_type="target_declaration")
    html = client.get(f"/forms/{decl}").text
    assert "据此新建自评表" in html and f'action="/forms/{decl}/new-self-eval"' in html
    assert f'href="/forms/{decl}/edit"' not in html  # a declaration itself is not edited
    r = client.post(f"/forms/{decl}/new-self-eval", data={"csrf_token": token(client)}, follow_redirects=False)
    assert r.status_code == 303
    new = int(re.fullmatch(r"/forms/(\d+)/edit", r.headers["location"]).group(1))
    edit = client.get(r.headers["location"])
    assert edit.status_code == 200 and "≥8.00(个)" in edit.text
    form = client.get(f"/api/forms/{new}").json()["form"]
    assert form["form_type"] == "project_self_eval" and form["funding"][0]["annual_budget"] == 883200
    again = client.post(f"/forms/{new}/new-self-eval", data={"csrf_token": token(client)})
    assert again.status_code == 400 and "只能从绩效目标申报表新建自评表" in again.text
    via_api = client.post(f"/api/forms/{decl}/new-self-eval", headers={"X-CSRF-Token": token(client)}).json()
    assert via_api["edit"] == f"/forms/{via_api['id']}/edit"
    assert client.get(f"/forms/{decl}/edit").status_code == 400


# -- jixiao serve ------------------------------------------------------------------------------


def test_serve_creates_the_database_imports_samples_once_and_prints_the_url(tmp_path: Path, monkeypatch) -> None:
    import uvicorn

    from jixiao.cli import app as cli

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIXIAO_DB", raising=False)
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert "已导入自带样例：31 张表" in result.output and "http://127.0.0.1:8000/" in result.output
    assert (tmp_path / "jixiao.db").exists()
    assert calls[0][1] == {"host": "127.0.0.1", "port": 8000, "log_level": "warning"}
    assert Store(f"sqlite:///{tmp_path / 'jixiao.db'}").list_forms(FormQuery()).total == 31
    second = CliRunner().invoke(cli, ["serve", "--port", "8123"], env={"JIXIAO_DB": f"sqlite:///{tmp_path / 'jixiao.db'}"})
    assert "自带样例" not in second.output and "http://127.0.0.1:8123/" in second.output
    other = tmp_path / "other.db"
    third = CliRunner().invoke(cli, ["serve", "--db", f"sqlite:///{other}", "--host", "0.0.0.0"])
    assert "31 张表" in third.output and other.exists() and calls[-1][1]["host"] == "0.0.0.0"
