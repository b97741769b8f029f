"""Documents (DESIGN.md mechanism 7): letters and certificates as .docx, filled from Word templates.

A kind of document has a key ("care.retirement_certificate", "rights.opinion_letter") and a
default template, registered by the app that issues it:

    documents.register("care.retirement_certificate", title=_("荣退证书"), build=build_certificate)

`build` makes the default template with python-docx (no third-party file is copied into the
package): a document whose text holds docxtpl (Jinja) tags such as {{ name }}. It is built once,
on first use, and kept in memory. An org may replace it for its subtree with its own template, made
in Word from the default (`template_save`; the nearest org's template wins, then a platform-wide
one, then the default). `render(key, context, org=org)` fills the template and gives the .docx
bytes; `docx_response` sends them as a download.

`official_document()` starts a python-docx document in the layout of GB/T 9704 (A4; margins
37/35/28/26 mm; 仿宋 三号 body text; 22 lines of 28 characters), for official letters; a
certificate may use it too.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _

from gonghui.core.scoping import can_manage, path_prefixes

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
BODY_SIZE = 16  # 三号
TITLE_SIZE = 22  # 二号


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str
    build: Callable  # () -> docx.Document holding the template's tags
    sample: Callable[[], dict] | None = None  # a context that fills every tag (to check uploads)


_kinds: dict[str, DocumentKind] = {}


def register(key: str, *, title, build: Callable, sample: Callable[[], dict] | None = None) -> DocumentKind:
    kind = DocumentKind(key=key, title=str(title), build=build, sample=sample)
    _kinds[key] = kind
    default_template.cache_clear()
    return kind


def kind(key: str) -> DocumentKind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"no document kind {key!r} is registered") from None


def kinds() -> list[DocumentKind]:
    return sorted(_kinds.values(), key=lambda k: k.key)


# ---------------------------------------------------------------- templates


@lru_cache(maxsize=64)
def default_template(key: str) -> bytes:
    """The default template of a kind, built with python-docx the first time it is asked for."""
    buf = io.BytesIO()
    kind(key).build().save(buf)
    return buf.getvalue()


def override_for(key: str, *, org=None):
    """The DocumentTemplate that applies to `org` (its nearest ancestor's, or the platform-wide
    one), or None for the default."""
    from django.db.models import Q
    from django.db.models.functions import Length

    from gonghui.core.models import DocumentTemplate

    q = Q(org__isnull=True)
    if org is not None:
        q |= Q(org_path__in=path_prefixes(org.path))
    return (
        DocumentTemplate.objects.filter(q, key=key)
        .order_by(Length("org_path").desc())
        .only("content", "org_path")
        .first()
    )


def template_for(key: str, *, org=None) -> bytes:
    found = override_for(key, org=org)
    return bytes(found.content) if found is not None else default_template(key)


def _fill(template: bytes, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    doc = DocxTemplate(io.BytesIO(template))
    doc.render(context, autoescape=True)  # a name holding & or < stays text, never markup
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(template_key: str, context: dict, *, org=None) -> bytes:
    """The document of kind `template_key` filled with `context`, from the template that applies to
    `org`: the .docx file's bytes."""
    return _fill(template_for(template_key, org=org), context)


def docx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def check_template(key: str, content: bytes) -> None:
    """An uploaded template of kind `key`: a .docx of at most 5 MB that the kind's sample fills."""
    if not content:
        raise ValidationError({"content": _("请选择模板文件。")})
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"content": _("模板文件不能超过5MB。")})
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        names = set()
    if "word/document.xml" not in names:
        raise ValidationError({"content": _("请上传Word文档（.docx）格式的模板。")})
    sample = kind(key).sample
    try:
        _fill(content, sample() if sample else {})
    except Exception as exc:  # a template tag Word split or mistyped: the cadre must know at once
        raise ValidationError(
            {"content": _("模板无法填写，请检查{{ }}中的字段是否完整：%(e)s") % {"e": str(exc)[:200]}}
        ) from None


@transaction.atomic
def template_save(*, key: str, org, content: bytes, filename: str = "", actor):
    """An org's own template for a kind (org None: platform-wide, for a superuser), checked by
    filling it with the kind's sample before it is stored."""
    from django.core.exceptions import PermissionDenied

    from gonghui.core.models import DocumentTemplate

    kind(key)
    if org is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied
    elif not can_manage(actor, org):
        raise PermissionDenied
    check_template(key, content)
    row, _created = DocumentTemplate.objects.update_or_create(
        key=key,
        org=org,
        defaults={
            "content": content,
            "filename": (filename or "")[:200],
            "uploaded_by": actor if getattr(actor, "is_authenticated", False) else None,
            "org_path": org.path if org is not None else "",
        },
    )
    return row


# ---------------------------------------------------------------- building default templates


def _east_asian(run, font: str) -> None:
    from docx.oxml.ns import qn

    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def official_document():
    """A python-docx Document in the layout of GB/T 9704: A4, margins top 37 mm, bottom 35 mm,
    left 28 mm, right 26 mm; body text 仿宋 三号 with a fixed 28.95 pt line (22 lines a page)."""
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = doc.styles["Normal"]
    style.font.size = Pt(BODY_SIZE)
    style.font.name = BODY_FONT
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    style.paragraph_format.line_spacing = Pt(28.95)
    style.paragraph_format.space_after = Pt(0)
    return doc


def add_paragraph(
    doc,
    text: str = "",
    *,
    size: int = BODY_SIZE,
    bold: bool = False,
    align: str = "",
    font: str = "",
    indent: bool = False,
    color: str = "",
):
    """One paragraph of one run (a template tag must stay inside one run for docxtpl to see it)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    if align:
        paragraph.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        if font:
            _east_asian(run, font)
        if color:  # "C00000": the red of an official letterhead
            from docx.shared import RGBColor

            run.font.color.rgb = RGBColor.from_string(color)
    return paragraph


def add_rule(doc, *, color: str = "C00000", width_eighths: int = 12):
    """The line under an official letterhead (版头中的分隔线): a paragraph with a bottom border."""
    from docx.oxml.ns import qn

    paragraph = doc.add_paragraph()
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(
        qn("w:bottom"),
        {qn("w:val"): "single", qn("w:sz"): str(width_eighths), qn("w:space"): "1", qn("w:color"): color},
    )
    borders.append(bottom)
    ppr.append(borders)
    return paragraph
