"""core.documents: a .docx rendered from a default template built with python-docx, overridable per
org (the nearest org's template wins), checked by opening the result with python-docx."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from gonghui.core import documents

pytestmark = pytest.mark.django_db
KEY = "tests.greeting"


def _build(title="问候函"):
    def build():
        doc = documents.official_document()
        documents.add_paragraph(
            doc, title, size=documents.TITLE_SIZE, align="center", font=documents.TITLE_FONT
        )
        documents.add_paragraph(doc, "{{ name }}同志：")
        documents.add_paragraph(doc, "您好！{{ org_name }}向您致以问候。", indent=True)
        return doc

    return build


@pytest.fixture(autouse=True)
def kind():
    documents.register(
        KEY, title="问候函", build=_build(), sample=lambda: {"name": "某某", "org_name": "某工会"}
    )
    yield
    documents._kinds.pop(KEY, None)


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def _template(title: str) -> bytes:
    buf = io.BytesIO()
    _build(title)().save(buf)
    return buf.getvalue()


def test_it_renders_the_default_template():
    content = documents.render(KEY, {"name": "张伟", "org_name": "安平县总工会"})
    text = _text(content)
    assert "问候函" in text and "张伟同志：" in text and "安平县总工会向您致以问候" in text
    assert "{{" not in text


def test_the_layout_is_gb_t_9704():
    section = Document(io.BytesIO(documents.render(KEY, {}))).sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.bottom_margin.mm) == 35
    assert round(section.left_margin.mm) == 28 and round(section.right_margin.mm) == 26
    assert round(section.page_width.mm) == 210


def test_markup_in_the_context_stays_text():
    text = _text(documents.render(KEY, {"name": "A&B <w:p>", "org_name": "x"}))
    assert "A&B <w:p>同志：" in text


def test_an_org_template_overrides_the_default_for_its_subtree(world):
    documents.template_save(
        key=KEY, org=world.township, content=_template("城关镇问候函"), actor=world.township_cadre
    )
    assert "城关镇问候函" in _text(documents.render(KEY, {}, org=world.union))  # below the township
    assert "城关镇问候函" in _text(documents.render(KEY, {}, org=world.township))
    assert "城关镇问候函" not in _text(documents.render(KEY, {}, org=world.other_township))
    documents.template_save(
        key=KEY,
        org=world.union,
        content=_template("华宇问候函"),
        actor=world.enterprise_cadre,
    )
    assert "华宇问候函" in _text(documents.render(KEY, {}, org=world.union))  # the nearest wins
    assert "问候函" == _text(documents.render(KEY, {}, org=world.county)).splitlines()[0]


def test_a_platform_wide_template_needs_a_superuser(world):
    with pytest.raises(PermissionDenied):
        documents.template_save(key=KEY, org=None, content=_template("全国"), actor=world.county_cadre)
    with pytest.raises(PermissionDenied):
        documents.template_save(key=KEY, org=world.county, content=_template("x"), actor=world.outsider)


def test_a_bad_upload_is_refused_in_chinese(world):
    with pytest.raises(ValidationError, match="docx"):
        documents.template_save(key=KEY, org=world.county, content=b"not a zip", actor=world.county_cadre)
    broken = documents.official_document()
    documents.add_paragraph(broken, "{{ name ")
    buf = io.BytesIO()
    broken.save(buf)
    with pytest.raises(ValidationError, match="模板无法填写"):
        documents.template_save(key=KEY, org=world.county, content=buf.getvalue(), actor=world.county_cadre)


def test_the_download_response():
    response = documents.docx_response("荣退证书.docx", b"PK")
    assert response["Content-Type"] == documents.DOCX_TYPE
    assert "UTF-8''%E8%8D%A3" in response["Content-Disposition"]


def test_an_unknown_kind_is_an_error():
    with pytest.raises(LookupError):
        documents.render("tests.nothing", {})
