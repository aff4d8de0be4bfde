"""The web workbench in a real browser (Playwright driving Debian's Chromium), as a user would use it.

The app runs under uvicorn in a background thread on 127.0.0.1 and a free port.
Screenshots go to tests/artifacts/ (not committed).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SAMPLES
from jixiao import api
from jixiao.store.service import Store
from jixiao.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SEEDS = sorted(SAMPLES.glob("*.txt"))
EXEC_FORM = "信息化项目管理服务推进工作经费"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="没有 /usr/bin/chromium（Debian 的 chromium 包；scripts/setup-system.sh 会安装）")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'jixiao.db'}")


@pytest.fixture
def seeded(store: Store) -> None:
    """The seeds imported (a no-op after the upload test, which imports them through the page)."""
    store.import_paths(api.sample_paths())


@pytest.fixture(scope="module")
def base_url(store: Store) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator:
    context = browser.new_context(base_url=base_url, viewport={"width": 1440, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_upload_open_a_form_see_its_finding_edit_it(page) -> None:
    expect = sync_api.expect
    # 导入: five seed files at once, each one's status shown as it finishes
    page.goto("/import")
    page.set_input_files("#files", [str(p) for p in SEEDS])
    expect(page.locator('#results[data-done="true"]')).to_be_attached()
    expect(page.locator('#results > li[data-status="imported"]')).to_have_count(5)
    expect(page.locator("#progress-summary")).to_contain_text("新导入 5 个文件（31 张表）")
    expect(page.locator("#results .diagnostics li").first).to_contain_text("表格之外的文字未读入")
    _shot(page, "import.png")

    # 表单列表: 31 forms
    page.click("nav >> text=表单列表")
    expect(page.locator("h1")).to_contain_text("共 31 张")
    _shot(page, "forms.png")

    # 表单详情: the execution-rate finding (EXEC-10) on its cell, shown on click
    page.fill('input[name="q"]', EXEC_FORM)
    page.click("text=筛选")
    page.click(f"table.list >> text={EXEC_FORM}")
    expect(page.locator("h1")).to_have_text(EXEC_FORM)
    cell = page.locator('#sheet td.flag[title*="EXEC-10"]')
    expect(cell).to_have_count(1)
    expect(cell).to_contain_text("23.41%")
    expect(cell).to_contain_text("重算 23.40%")
    assert "预算执行率仅 23.41%" in cell.get_attribute("title")
    cell.click()
    expect(page.locator("#panel-body")).to_contain_text("EXEC-10")
    expect(page.locator("#panel-body")).to_contain_text("预算执行率仅 23.41%")
    _shot(page, "detail.png")
    findings_before = page.locator("#findings tr.finding").count()

    # 编辑: lower the first indicator's score; the score and the findings are recomputed
    page.click("text=编辑")
    page.fill('input[name="ind-0-score"]', "15")
    page.click("#use-sum")
    expect(page.locator("#total_score")).to_have_value("87.34")
    _shot(page, "edit.png")
    page.click("button[type=submit] >> text=保存")
    expect(page.locator(".flash")).to_contain_text("已保存，当前为第 2 版")
    expect(page.locator("#total-printed")).to_have_text("87.34")
    score_cell = page.locator("#sheet td.number", has_text="参考 20").first
    expect(score_cell).to_contain_text("15")
    expect(score_cell.locator("span.ref")).to_have_class("ref off")  # the printed 15 disagrees with 参考 20
    # a lower score without a reason is an error now, marked on the 偏差原因 cell of that row
    expect(page.locator('#sheet td.flag-error[title*="IND-06"]')).to_have_count(1)
    expect(page.locator('#findings tr.finding[data-code="IND-06"]')).to_have_count(1)
    expect(page.locator('#findings tr.finding[data-code="SUM-06"]')).to_have_count(0)  # no longer all full marks
    assert page.locator("#findings tr.finding").count() != findings_before
    _shot(page, "detail-after-edit.png")
    assert page.errors == []


def test_dashboard_draws_its_charts(page, seeded) -> None:
    page.goto("/")
    sync_api.expect(page.locator('#charts[data-ready="true"]')).to_be_attached()
    for plot in ("grades", "inflation", "scatter", "rules", "departments"):
        assert page.locator(f"#chart-{plot} canvas").count() >= 1, plot
    page.wait_for_timeout(300)
    _shot(page, "dashboard.png")
    assert page.errors == []


def test_new_self_evaluation_from_a_declaration(page, seeded) -> None:
    expect = sync_api.expect
    page.goto("/forms?form_type=target_declaration")
    page.click("table.list >> text=信息化建设项目")
    expect(page.locator("h1")).to_have_text("信息化建设项目")
    expect(page.locator("#sheet")).to_contain_text("年度(/项目)指标值")
    _shot(page, "declaration.png")
    page.click("text=据此新建自评表")
    expect(page.locator("h1")).to_contain_text("编辑：信息化建设项目")
    assert page.url.endswith("/edit")
    expect(page.locator("#indicators tbody tr")).to_have_count(4)
    page.fill('input[name="ind-0-actual_text"]', "9个")
    page.click("button[type=submit] >> text=保存")
    expect(page.locator(".flash")).to_contain_text("已保存")
    expect(page.locator("#sheet")).to_contain_text("9个")
    assert page.errors == []


def test_api_docs_render_offline(page) -> None:
    page.goto("/api/docs")
    sync_api.expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert page.locator(".swagger-ui").inner_text().count("/api/") >= 5
    assert page.errors == []


def test_two_reviewers_saving_the_same_form(browser, base_url: str, seeded) -> None:
    expect = sync_api.expect
    first, second = (browser.new_context(base_url=base_url, viewport={"width": 1440, "height": 900}) for _ in range(2))
    a, b = first.new_page(), second.new_page()
    for pg in (a, b):
        pg.goto("/forms?q=天津")
        pg.click("table.list >> text=天津市残疾人联合会")
        pg.click("text=编辑")
    a.fill('input[name="ind-0-actual_text"]', "甲填写的完成值")
    a.click("button[type=submit] >> text=保存")
    expect(a.locator(".flash")).to_contain_text("已保存")
    b.fill('input[name="ind-0-actual_text"]', "乙填写的完成值")
    b.click("button[type=submit] >> text=保存")
    expect(b.locator("h1")).to_contain_text("别人已先保存")
    expect(b.locator(".conflict")).to_contain_text("乙填写的完成值")
    _shot(b, "conflict.png")
    b.click("text=重新打开编辑页")
    expect(b.locator('input[name="ind-0-actual_text"]')).to_have_value("甲填写的完成值")
    b.goto(a.url.split("?")[0])
    _shot(b, "department.png")
    first.close()
    second.close()
