"""Small helpers every page module uses: service errors onto forms, and pagination links."""

from functools import lru_cache
from urllib.parse import urlencode

from django.core.exceptions import ValidationError


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names (or at the top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def querystring(request, *drop: str) -> str:
    """The current filters without `drop` (default: the page number), ending with & for the
    pagination links in includes/pagination.html (`?{{ querystring_base }}page=N`). An empty value
    is kept: it may be a choice ("全部状态" where a page's default is another state)."""
    drop = drop or ("page",)
    params = [(k, v) for k, values in request.GET.lists() for v in values if k not in drop]
    return urlencode(params) + "&" if params else ""


def fixed_url(name: str) -> str:
    """`reverse(name)` for a URL without arguments, worked out once per process and script prefix:
    every page's navigation names the same dozen pages, and reversing them each time cost a
    millisecond and a half of each request."""
    from django.urls import get_script_prefix

    return _fixed_url(name, get_script_prefix())


@lru_cache(maxsize=512)
def _fixed_url(name: str, prefix: str) -> str:
    from django.urls import reverse

    return reverse(name)


_SENTINEL = "00000000-0000-4000-8000-000000000000"


def row_url_pattern(name: str, query: str = "") -> str:
    """`reverse(name, args=[value])` for a pattern of one uuid or slug, as a str.format pattern
    worked out once per process and script prefix (list pages build one URL per row):
    `row_url_pattern(name).format(value)`; `query` (already encoded) after a ? when given."""
    from django.urls import get_script_prefix

    before, after = _row_template(name, get_script_prefix())
    after += f"?{query}" if query else ""
    return f"{_braces(before)}{{}}{_braces(after)}"


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


@lru_cache(maxsize=256)
def _row_template(name: str, prefix: str) -> tuple[str, str]:
    from django.urls import reverse

    before, _, after = reverse(name, args=[_SENTINEL]).partition(_SENTINEL)
    return before, after
