"""Forms out as PDF: the HTML layout printed by WeasyPrint (A4 landscape).

Text stays real text with embedded CJK fonts (宋体/仿宋 where installed,
Noto CJK from Debian's fonts-noto-cjk otherwise), so the PDF can be searched,
copied and read back by jixiao itself.
"""

from __future__ import annotations

import logging

from jixiao.model import Finding, Form
from jixiao.render.html import render_html


def render_pdf(forms: list[Form], findings: list[Finding] | None = None, title: str = "绩效表单") -> bytes:
    """A PDF document with every form in its official layout."""
    from weasyprint import (
        HTML,  # imported here: it loads Pango, which the other commands never need
    )

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=render_html(forms, findings, title, for_print=True)).write_pdf()
