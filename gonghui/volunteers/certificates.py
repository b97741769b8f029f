"""The certificate of volunteer hours (志愿服务时长证明): a .docx in the official-document layout.

Layout after GB/T 9704: A4, margins 37/35/28/26 mm, title in 小标宋 二号 (22 pt) centred, body in
仿宋_GB2312 三号 (16 pt), the issuing org and the date right-aligned at the end. A QR code links to
the public verification page, which shows the year, the hours and the issuer (never the ID number).
"""

import io
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.qr import qr_png
from gonghui.volunteers import selectors
from gonghui.volunteers.models import Volunteer

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CERT_SALT = "gonghui.volunteer-certificate"
TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"


def chinese_date(d) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": d.year, "m": d.month, "d": d.day}


def hours_text(value: Decimal) -> str:
    value = Decimal(value or 0).quantize(Decimal("0.1"))
    return str(value.normalize()) if value == value.to_integral_value() else str(value)


def certificate_token(volunteer: Volunteer, year: int, total: Decimal) -> str:
    return signing.dumps(
        {"v": volunteer.uuid.hex, "y": year, "h": hours_text(total)}, salt=CERT_SALT, compress=True
    )


def certificate_check(token: str) -> dict | None:
    """What the verification page shows: the year, the hours certified, the issuer; None if forged."""
    try:
        data = signing.loads(token, salt=CERT_SALT)
    except signing.BadSignature:
        return None
    volunteer = Volunteer.objects.select_related("user", "org").filter(uuid=data.get("v")).first()
    if volunteer is None:
        return None
    name = volunteer.user.name or ""
    return {
        "name_masked": (name[:1] + "*" * max(len(name) - 1, 1)) if name else "—",
        "year": data["y"],
        "hours": data["h"],
        "current": hours_text(selectors.year_total(volunteer, int(data["y"]))),
        "org": volunteer.org.name,
    }


def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _paragraph(
    doc,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 16,
    bold: bool = False,
    align=None,
    indent: bool = False,
    space_after: float = 0,
):
    from docx.shared import Pt

    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)  # fixed 28 pt lines, as in printed official documents
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size, bold)
    return p


def build_certificate(volunteer: Volunteer, year: int) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    signups = list(selectors.confirmed_signups(volunteer, year))
    total = sum((s.hours or Decimal("0") for s in signups), Decimal("0"))
    today = timezone.localdate()
    name = volunteer.user.name or str(volunteer.user)

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    _paragraph(
        doc, _("志愿服务时长证明"), font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=16
    )
    _paragraph(doc, _("兹证明："), indent=False)
    _paragraph(
        doc,
        _(
            "%(name)s同志系%(org)s登记在册的志愿者，%(year)d年度参加志愿服务%(n)d次，"
            "经任务负责人确认的志愿服务时长累计%(hours)s小时。"
        )
        % {
            "name": name,
            "org": volunteer.org.name,
            "year": year,
            "n": len(signups),
            "hours": hours_text(total),
        },
        indent=True,
    )
    _paragraph(doc, _("特此证明。"), indent=True, space_after=12)

    _paragraph(doc, _("服务明细"), font=HEADING_FONT, size=16)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(
        table.rows[0].cells, [_("日期"), _("服务任务"), _("服务地点"), _("时长（小时）")], strict=True
    ):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 12)
    for s in signups:
        row = table.add_row().cells
        values = [
            chinese_date(timezone.localtime(s.task.starts_at)),
            s.task.title,
            s.task.place,
            hours_text(s.hours),
        ]
        for cell, text in zip(row, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)
    row = table.add_row().cells
    row[0].merge(row[2])
    row[0].text, row[3].text = "", ""
    _font(row[0].paragraphs[0].add_run(_("合计")), HEADING_FONT, 12)
    _font(row[3].paragraphs[0].add_run(hours_text(total)), HEADING_FONT, 12)

    doc.add_paragraph()
    _paragraph(doc, volunteer.org.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, chinese_date(today), align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=12)

    token = certificate_token(volunteer, year, total)
    url = settings.GONGHUI_PUBLIC_URL.rstrip("/") + reverse("volunteers:certificate_verify", args=[token])
    doc.add_picture(io.BytesIO(qr_png(url)), width=Mm(28))
    _paragraph(doc, _("扫描二维码可核验本证明的真实性。"), size=10.5)

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def certificate_response(volunteer: Volunteer, year: int) -> HttpResponse:
    content = build_certificate(volunteer, year)
    filename = _("志愿服务时长证明-%(year)d.docx") % {"year": year}
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response
