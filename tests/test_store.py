"""The store and its service layer, against SQLite and a real PostgreSQL server.

PostgreSQL runs when ``JIXIAO_TEST_PG`` holds its URL (``make test`` starts a
local server through scripts/start-postgres.sh); elsewhere those cases skip,
except in CI (``CI=true``), where a missing server is a failure.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest

from conftest import SAMPLES, postgres_database
from jixiao import api
from jixiao.store.service import ConflictError, FormEdit, FormQuery, NotFound, Store, StoreError


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'jixiao.db'}")
        return
    with postgres_database() as url:
        store = Store(url)
        yield store
        store.engine.dispose()


@pytest.fixture
def loaded(store: Store) -> Store:
    store.import_paths(api.sample_paths())
    return store


def test_import_keeps_every_form_and_is_idempotent(store: Store) -> None:
    outcomes = store.import_paths(api.sample_paths())
    assert [(o.status, o.forms) for o in outcomes] == [("imported", 10), ("imported", 8), ("imported", 1),
                                                       ("imported", 7), ("imported", 5)]
    again = store.import_paths(api.sample_paths())
    assert {o.status for o in again} == {"duplicate"}
    assert store.list_forms().total == 31


def test_stored_form_reads_back_exactly(loaded: Store) -> None:
    original = api.parse_path(SAMPLES / "003_f974810bc026f243.txt").forms[1]
    page = loaded.list_forms(FormQuery(q="综合信息管理系统"))
    detail = loaded.form_detail(page.items[0].id)
    form = detail.form
    assert (form.project_name, form.total_score, form.amount_unit) == (original.project_name, Decimal("95.00"), "元")
    assert [(i.name, i.weight, i.score, i.target_text) for i in form.indicators] == [
        (i.name, i.weight, i.score, i.target_text) for i in original.indicators]
    assert str(form.funding[0].execution_rate) == "89.98"
    codes = {(f.code, f.severity.value) for f in detail.findings}
    assert ("EXEC-07", "error") in codes and ("EXEC-01", "info") in codes
    assert {f.profile for f in detail.findings} == {"shanghai"}


def test_list_filters_sorts_and_pages(loaded: Store) -> None:
    assert loaded.list_forms(FormQuery(year=2024)).total == 10
    assert loaded.list_forms(FormQuery(form_type="target_declaration")).total == 8
    assert loaded.list_forms(FormQuery(grade="优")).total == 10
    assert loaded.list_forms(FormQuery(severity="error")).total >= 3
    low = loaded.list_forms(FormQuery(rate_max=50))
    assert {i.name for i in low.items} == {"2019年残疾人保障金(就业培训)", "2019年残疾人保障金(康复服务)",
                                           "2019年残疾人保障金-残疾人维权项目", "2019年残疾人保障金-慰问就学项目",
                                           "2019年残疾人就业保障金(宣传文化体育经费)", "信息化项目管理服务推进工作经费"}
    top = loaded.list_forms(FormQuery(sort="-score", per_page=3))
    assert [i.total_score for i in top.items] == ["99.91", "99.73", "99.67"]
    second = loaded.list_forms(FormQuery(per_page=10, page=2))
    assert (second.total, second.pages, len(second.items)) == (31, 4, 10)
    assert loaded.facets()["years"] == [2020, 2022, 2023, 2024]


def test_edit_rescores_and_reaudits(loaded: Store) -> None:
    fid = loaded.list_forms(FormQuery(q="残疾人事业统计")).items[0].id
    before = loaded.form_detail(fid)
    i = next(n for n, ind in enumerate(before.form.indicators) if ind.name == "市级持证残疾人基本状况培训人数")
    assert ("IND-02", i) in {(f.code, f.indicator) for f in before.findings}
    after = loaded.update_form(fid, FormEdit(version=before.version, indicators={i: {"score": "9.80"}},
                                             total_score="98.66"))
    assert after.version == before.version + 1
    assert after.form.indicators[i].score == Decimal("9.80")
    assert ("IND-02", i) not in {(f.code, f.indicator) for f in after.findings}
    assert loaded.list_forms(FormQuery(q="残疾人事业统计")).items[0].total_score == "98.66"


def test_stale_version_is_a_conflict_and_nothing_is_lost(loaded: Store) -> None:
    fid = loaded.list_forms().items[0].id
    version = loaded.form_detail(fid).version
    loaded.update_form(fid, FormEdit(version=version, indicators={0: {"deviation_reason": "第一位审核人的说明"}}))
    with pytest.raises(ConflictError):
        loaded.update_form(fid, FormEdit(version=version, indicators={0: {"deviation_reason": "第二位审核人的说明"}}))
    assert loaded.form_detail(fid).form.indicators[0].deviation_reason == "第一位审核人的说明"


def test_two_clients_saving_the_same_version_at_once(loaded: Store) -> None:
    fid = loaded.list_forms().items[0].id
    version = loaded.form_detail(fid).version
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def save(who: str) -> None:
        barrier.wait()
        try:
            loaded.update_form(fid, FormEdit(version=version, indicators={0: {"deviation_reason": who}}))
            results[who] = "saved"
        except ConflictError:
            results[who] = "conflict"

    threads = [threading.Thread(target=save, args=(who,)) for who in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == ["conflict", "saved"]
    winner = next(who for who, r in results.items() if r == "saved")
    detail = loaded.form_detail(fid)
    assert (detail.version, detail.form.indicators[0].deviation_reason) == (version + 1, winner)


def test_new_self_evaluation_from_a_declaration(loaded: Store) -> None:
    decl = loaded.list_forms(FormQuery(form_type="target_declaration", q="信息化建设项目")).items[0]
    new_id = loaded.new_self_eval(decl.id)
    form = loaded.form_detail(new_id).form
    assert form.form_type.value == "project_self_eval"
    assert [i.target_text for i in form.indicators] == ["≥8.00(个)", "=100.00(%)", "提升", "≥90.00(%)"]
    assert all(i.actual_text is None and i.score is None for i in form.indicators)
    assert form.funding[0].annual_budget == Decimal("883200.00")
    with pytest.raises(StoreError):
        loaded.new_self_eval(new_id)


def test_original_document_is_kept_byte_for_byte(loaded: Store) -> None:
    fid = loaded.list_forms(FormQuery(q="天津")).items[0].id
    name, data = loaded.document(loaded.form_detail(fid).document_id)
    assert name == "002_d1ea110d37c062f0.txt"
    assert data == (SAMPLES / name).read_bytes()
    with pytest.raises(NotFound):
        loaded.form_detail(999999)


def test_bad_input_in_an_edit_is_a_clear_error(loaded: Store) -> None:
    fid = loaded.list_forms(FormQuery(form_type="project_self_eval")).items[0].id
    version = loaded.form_detail(fid).version
    with pytest.raises(StoreError, match="不是数字"):
        loaded.update_form(fid, FormEdit(version=version, indicators={0: {"score": "十分"}}))
    assert loaded.form_detail(fid).version == version


@pytest.mark.parametrize("value", ["Infinity", "NaN", "1e999999", "-1e30"])
def test_edits_accept_only_plain_numbers(loaded: Store, value: str) -> None:
    fid = loaded.list_forms().items[0].id
    version = loaded.form_detail(fid).version
    with pytest.raises(StoreError, match="不是数字"):
        loaded.update_form(fid, FormEdit(version=version, indicators={0: {"score": value}}))
    assert loaded.form_detail(fid).version == version


def test_out_of_range_ids_and_pages_are_not_crashes(loaded: Store) -> None:
    with pytest.raises(NotFound):
        loaded.form_detail(10**23)
    with pytest.raises(NotFound):
        loaded.document(10**23)
    assert loaded.list_forms(FormQuery(page=10**21)).items == []
    assert loaded.list_forms(FormQuery(year=10**20)).total == 0
