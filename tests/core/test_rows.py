"""core.rows: list rows drawn in Python write what the template wrote, escaped as `{{ }}` escapes."""

import uuid

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from gonghui.core import rows
from gonghui.core.pages import row_url_pattern
from gonghui.members.models import Member

HOSTILE = """<script>alert('x')</script> & "quoted" """


@pytest.mark.parametrize("value", [HOSTILE, "桐川华宇机械制造有限公司工会", "", "a&amp;b", 1234, 0])
def test_a_value_is_escaped_as_the_template_escapes_it(value):
    assert rows.escape(value) == Template("{{ value }}").render(Context({"value": value}))
    assert rows.escape(value) == escape(value)


def test_a_row_escapes_every_cell_in_text_and_attributes():
    row = rows.Row('<tr><td><a href="{url}" title="{name}">{name}</a></td><td>{n}</td></tr>')
    drawn = row.draw([{"url": '/x/"onmouseover="alert(1)', "name": HOSTILE, "n": 3}])
    assert isinstance(drawn, SafeString)
    assert "<script>" not in drawn and '"onmouseover' not in drawn
    assert drawn == (
        '<tr><td><a href="/x/&quot;onmouseover=&quot;alert(1)" '
        f'title="{escape(HOSTILE)}">{escape(HOSTILE)}</a></td><td>3</td></tr>'
    )


def test_a_fragment_marked_safe_goes_in_as_it_is_and_rows_are_one_a_line():
    row = rows.Row("<tr><td>{badge}</td></tr>")
    badge = format_html('<span class="badge">{}</span>', "<逾期>")
    assert row.draw([{"badge": badge}, {"badge": "<b>"}]) == (
        '<tr><td><span class="badge">&lt;逾期&gt;</span></td></tr>\n<tr><td>&lt;b&gt;</td></tr>'
    )
    assert row.draw([]) == ""


def test_a_missing_cell_is_an_error_not_an_empty_cell():
    with pytest.raises(KeyError):
        rows.Row("<td>{name}</td><td>{member_no}</td>").draw([{"name": "张伟"}])


@pytest.mark.parametrize(
    "html", ["<td>{name!r}</td>", "<td>{n:>5}</td>", "<td>{m[name]}</td>", "<td>{0}</td>"]
)
def test_placeholders_are_plain_names(html):
    with pytest.raises(ValueError):
        rows.Row(html)


def test_labels_follow_the_language():
    assert rows.labels(Member, "status")["retired"] == "退休（保留会籍）"
    with translation.override("en"):
        assert rows.labels(Member, "status")["retired"] == Member.Status.RETIRED.label
        assert rows.labels(Member, "status")["retired"] != "退休（保留会籍）"
    assert rows.labels(Member, "status") == {value: str(label) for value, label in Member.Status.choices}


def test_a_row_url_pattern_is_the_reversed_url_around_the_key():
    key = uuid.uuid4()
    assert row_url_pattern("members:detail").format(key) == reverse("members:detail", args=[key])
    with_query = row_url_pattern("orgs:detail", query="start=2026-01-01&note={x}")
    assert with_query.format(key) == reverse("orgs:detail", args=[key]) + "?start=2026-01-01&note={x}"
