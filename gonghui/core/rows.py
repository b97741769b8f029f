"""The rows of long lists, drawn in Python: one HTML pattern per list, filled once per row.

The template engine spends a dozen Python calls on every `{{ }}`, filter and `{% if %}`: fifty
rows of eight cells were most of a cadre's list page (issue 10). A list instead names its row
once, as a `Row` with `{name}` placeholders, and a function of its page fills it for each row.
What is the same on every row (translated words, choice labels, the URL around a row's key) is
worked out once per page with `labels`, `days` and `pages.row_url_pattern`; the rest of the page,
headings included, stays in its template, which writes the drawn rows with `{{ rows }}`.
"""

import datetime
import functools
import string
from collections.abc import Callable, Iterable, Mapping

from django.db import models
from django.utils import formats
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

# django.utils.html.escape's five characters, as one str.translate (it costs a row one call a cell).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(value) -> str:
    """What `{{ value }}` writes for a string or a whole number: `str(value)` HTML-escaped, or the
    value itself when it is marked safe."""
    if isinstance(value, SafeData):
        return value
    return str(value).translate(_ESCAPES)


class Row:
    """A list's row: HTML with `{name}` placeholders (str.format's; a literal brace is doubled).

    `draw` fills it once for each mapping of cells and every value is escaped as `{{ }}` escapes
    it, unless it is marked safe: a fragment that is the same on many rows is built once per page
    with `format_html` and passed in as it is. A placeholder with no cell is a KeyError, never an
    empty cell."""

    def __init__(self, html: str):
        names = []
        for _text, name, spec, conversion in string.Formatter().parse(html):
            if name is None:
                continue
            if not name.isidentifier() or spec or conversion:
                raise ValueError(f"a Row's placeholders are plain names: {{{name}}}")
            names.append(name)
        self.html = html
        self.names = tuple(dict.fromkeys(names))

    def draw(self, rows: Iterable[Mapping]) -> SafeString:
        html, names, escapes = self.html, self.names, _ESCAPES
        drawn = []
        for cells in rows:
            values = {}
            for name in names:  # escape(), written in place: a call less a cell
                value = cells[name]
                values[name] = value if isinstance(value, SafeData) else str(value).translate(escapes)
            drawn.append(html.format_map(values))
        return mark_safe("\n".join(drawn))


_labels: dict[tuple, dict] = {}


def labels(model: type[models.Model], field: str) -> dict:
    """The labels of a choice field by value, in the current language, as `get_<field>_display`
    gives them: built once per model, field and language (Django builds the table on every call)."""
    key = (model, field, get_language())
    table = _labels.get(key)
    if table is None:
        choices = model._meta.get_field(field).flatchoices
        table = _labels[key] = {value: str(label) for value, label in choices}
    return table


def days() -> Callable[[datetime.date | None], str]:
    """A function writing a date as `{{ value|date }}` does (2026年12月3日) in the current language,
    remembered per day; None is "". Datetimes go to `|date` in their template."""
    return functools.partial(_day, language=get_language())


@functools.lru_cache(maxsize=4096)
def _day(value: datetime.date | None, language: str) -> str:
    if value is None:
        return ""
    return formats.date_format(value)
