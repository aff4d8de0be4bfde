"""The vocabulary of the forms, as data: header-field labels, titles, tail rows.

The recogniser (:mod:`jixiao.parse.recognise`) and the cell-stream grouper
(:mod:`jixiao.parse.stream`) both read forms against these tables; adding a
province's spelling of a label is a change here, not in the code that reads.
Labels are compared after :func:`~jixiao.model.labels.label_key` (NFKC, no
white space). The column vocabularies of the funding, goal and indicator
tables live beside their readers (``funding._COLUMNS``, ``goals._ROLES``,
``indicators._ROLES``).
"""

from __future__ import annotations

import re

from jixiao.ingest.grid import Row
from jixiao.parse.text import PARENS, key

#: Header labels → draft field (``extra:`` fields are kept but not in the contract).
FIELD_LABELS = {
    "项目名称": "project_name",
    "项目名": "project_name",
    "项目支出名称": "project_name",
    "主管部门": "department",
    "主管部门名称": "department",
    "主管部门及代码": "department",
    "主管单位": "department",
    "业务主管部门": "department",
    "预算部门": "department",
    "部门名称": "部门名称",
    "部门": "部门名称",
    "单位名称": "部门名称",
    "实施单位": "implementing_unit",
    "实施单位名称": "implementing_unit",
    "项目实施单位": "implementing_unit",
    "项目执行单位": "implementing_unit",
    "执行单位": "implementing_unit",
    "项目单位": "implementing_unit",
    "项目性质": "project_nature",
    "项目属性": "project_nature",
    "项目类别": "project_category",
    "项目类型": "project_category",
    "项目分类": "project_category",
    "计划开始日期": "start_date",
    "项目开始日期": "start_date",
    "开始日期": "start_date",
    "开始时间": "start_date",
    "计划完成日期": "end_date",
    "项目完成日期": "end_date",
    "完成日期": "end_date",
    "结束日期": "end_date",
    "完成时间": "end_date",
    "填报单位": "extra:填报单位",
    "填报日期": "extra:填报日期",
    "填报人": "extra:填报人",
    "联系电话": "extra:联系电话",
    "联系人": "extra:联系人",
    "单位负责人": "extra:单位负责人",
    "财务负责人": "extra:财务负责人",
    "项目负责人": "extra:项目负责人",
    "项目负责人及联系电话": "extra:项目负责人",
    "项目负责人及电话": "extra:项目负责人",
    "项目编码": "extra:项目编码",
    "项目代码": "extra:项目编码",
    "部门预算编码": "extra:预算编码",
    "预算编码": "extra:预算编码",
}

#: The 总分 row of the indicator table.
TOTAL_LABELS = frozenset({"总分", "合计", "总计", "总得分", "综合得分", "自评总分", "总分值"})
#: The 评分等级 row.
GRADE_LABELS = frozenset({"评分等级", "评价等级", "自评等级", "绩效等级", "等级", "评级", "自评结果等级"})
#: Rows that close a form's tables: notes and signatures under the indicator table.
#: (Signature fields such as 单位负责人 are header fields, see FIELD_LABELS.)
CLOSING_PREFIXES = ("其他需说明", "其他说明", "备注", "说明:", "说明：", "注:", "注：", "审核意见", "填表人")

_TITLE = re.compile(r"(绩效自评表|绩效目标申报表|绩效目标表|自评表|申报表|评价表|审批表|批复表|目标表)$")
_TITLE_YEAR = re.compile(r"\s*[(（\[【]\s*(?:19|20)\d{2}\s*年度?\s*[)）\]】]\s*$")


def title_text(text: str) -> str:
    """A title cell without a year printed in the same cell: ``…自评表\n（2023年度）`` → ``…自评表``."""
    return _TITLE_YEAR.sub("", text).strip()


def is_title_text(text: str) -> bool:
    """True for the text of a form title such as ``财政项目支出绩效自评表``."""
    k = key(title_text(text))
    return len(k) <= 40 and bool(_TITLE.search(k)) and "汇总" not in k and "说明" not in k


def is_title(row: Row) -> bool:
    """True for a form title row (one or two cells, the first a title)."""
    filled = row.filled
    return bool(filled) and len(filled) <= 2 and is_title_text(filled[0].text)


#: Words printed after a label that do not change its field: 主管部门及其编码, 项目名称（盖章）.
_LABEL_TAIL = re.compile(r"(?:及其?(?:编码|代码)|[(（][^)）]{0,12}[)）])+$")


def field_label(k: str) -> tuple[str | None, str | None]:
    """``(field, inline value)`` for a header-label key such as ``项目名称`` or ``主管部门：X``."""
    k = k.rstrip(":：")
    bare = _LABEL_TAIL.sub("", PARENS.sub("", k)) if len(k) <= 24 else k
    if bare in FIELD_LABELS:
        return FIELD_LABELS[bare], None
    for sep in (":", "："):
        if sep in k:
            head, _, tail = k.partition(sep)
            head = PARENS.sub("", head)
            if head in FIELD_LABELS and tail:
                return FIELD_LABELS[head], tail
    return None, None
