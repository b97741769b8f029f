"""What every API router shares: the error body, the declared error responses, pagination, and
Chinese messages for input that does not fit the schema. gonghui.api installs the handlers that
produce these bodies; the apps' api modules import the schemas and helpers from here.
"""

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Annotated, Any

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import create_model

# A primary key as a client may send it: the databases' 64-bit signed range (a larger number used to crash them).
DbId = Annotated[int, Field(ge=1, le=2**63 - 1)]

# Deeper than this an OFFSET scan costs the database more than any client needs: page by filters.
MAX_OFFSET = 100_000


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class Error(Schema):
    """Every refusal: `detail` says in Chinese what is wrong and what to do; `errors` names the fields
    (422: one item per field that does not fit the schema; 400: the broken rules by field)."""

    detail: str
    errors: list[FieldError] | dict[str, list[str]] | None = None


def with_retry_after(response, error):
    """A throttled refusal (429) tells the client when to try again, as the error that caused it knows."""
    seconds = getattr(error, "retry_after", None)
    if response.status_code == 429 and seconds:
        response["Retry-After"] = str(max(int(seconds), 1))
    return response


SIGNED_IN = (400, 401, 403, 404, 422)  # an operation that needs a session or a bearer token
PUBLIC = (400, 404, 422)  # an operation anyone may call (auth=None)


def responses(ok: Any, *, codes: Sequence[int] = SIGNED_IN, also: Iterable[int] = ()) -> dict[int, Any]:
    """`response=` for an operation: its success schema(s) plus the declared error responses.

    `ok` is a schema (status 200) or a {status: schema} dict; `also` adds e.g. 429 for a throttled
    operation or 409 for a conflict."""
    out = dict(ok) if isinstance(ok, dict) else {200: ok}
    for code in (*codes, *also):
        out.setdefault(code, Error)
    return out


def column(model, name: str, default: Any = ..., **kwargs) -> Any:
    """A schema field bounded like the model's column, so input the database cannot hold is refused
    with 422 before it reaches it (PostgreSQL fails on a too-long varchar or an out-of-range integer):
    a CharField's max_length, an integer field's range (PostgreSQL's, the narrowest of the databases)."""
    field = model._meta.get_field(name)
    if getattr(field, "max_length", None):
        kwargs.setdefault("max_length", field.max_length)
    bounds = BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type())
    if bounds:
        kwargs.setdefault("ge", bounds[0])
        kwargs.setdefault("le", bounds[1])
    return Field(default, **kwargs)


# ---------------------------------------------------------------- pagination


class Pagination(Schema):
    """limit/offset query parameters, bounded (see `pagination`)."""

    limit: int
    offset: int

    def slice(self, items):
        """The page of a queryset (or list): one LIMIT/OFFSET query."""
        return items[self.offset : self.offset + self.limit]


@cache
def pagination(*, default: int = 20, maximum: int = 100) -> type[Pagination]:
    """The limit/offset query schema of a list endpoint: `page: Query[pagination(default=50, maximum=200)]`.

    Out-of-range values are refused with 422 and a Chinese message, never clamped silently and never
    passed to the database (an offset past 2**63 used to crash it)."""
    return create_model(
        f"Pagination{default}of{maximum}",
        __base__=Pagination,
        limit=(
            int,
            Field(default, ge=1, le=maximum, description=f"每页条数，1–{maximum}，默认 {default}"),
        ),
        offset=(int, Field(0, ge=0, le=MAX_OFFSET, description=f"跳过的条数，0–{MAX_OFFSET}，默认 0")),
    )


def page_number_field():
    """The `page` field of an endpoint that pages by number (the roster), bounded like an offset."""
    return Field(1, ge=1, le=MAX_OFFSET, description=f"页码，1–{MAX_OFFSET}，默认 1")


# ---------------------------------------------------------------- messages for invalid input


def _field_label(loc: Sequence[str | int]) -> str:
    """('query', 'offset') → 'offset'; ('body', 'payload', 'items', 0, 'x') → 'items.0.x'."""
    parts = list(loc[1:])
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]  # the view's parameter name, not a field of the body
    if not parts or (loc and loc[0] == "body" and len(loc) == 2):
        return _("请求内容")
    return ".".join(str(p) for p in parts)


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    simple = {
        "missing": _("必须填写"),
        "int_parsing": _("应为整数"),
        "int_type": _("应为整数"),
        "int_from_float": _("应为整数"),
        "int_parsing_size": _("数值过大"),
        "float_parsing": _("应为数字"),
        "float_type": _("应为数字"),
        "decimal_parsing": _("应为数字"),
        "decimal_type": _("应为数字"),
        "finite_number": _("应为有限的数字"),
        "bool_parsing": _("应为 true 或 false"),
        "bool_type": _("应为 true 或 false"),
        "string_type": _("应为文本"),
        "string_unicode": _("应为文本"),
        "uuid_parsing": _("应为 UUID 格式的编号"),
        "uuid_type": _("应为 UUID 格式的编号"),
        "date_parsing": _("应为日期，格式如 2026-01-31"),
        "date_type": _("应为日期，格式如 2026-01-31"),
        "date_from_datetime_parsing": _("应为日期，格式如 2026-01-31"),
        "date_from_datetime_inexact": _("应为日期，不含时刻"),
        "datetime_parsing": _("应为日期时间，格式如 2026-01-31T09:00:00+08:00"),
        "datetime_type": _("应为日期时间，格式如 2026-01-31T09:00:00+08:00"),
        "datetime_from_date_parsing": _("应为日期时间，格式如 2026-01-31T09:00:00+08:00"),
        "model_attributes_type": _("应为 JSON 对象"),
        "model_type": _("应为 JSON 对象"),
        "dict_type": _("应为 JSON 对象"),
        "list_type": _("应为列表"),
        "json_invalid": _("不是有效的 JSON"),
        "json_type": _("不是有效的 JSON"),
        "extra_forbidden": _("不是可提交的字段"),
        "string_nul": _("不能包含空字符（\\0），请删除后重新提交"),
    }
    if kind in simple:
        return simple[kind]
    bounded = {
        "greater_than_equal": (_("不能小于 %(n)s"), "ge"),
        "greater_than": (_("应大于 %(n)s"), "gt"),
        "less_than_equal": (_("不能大于 %(n)s"), "le"),
        "less_than": (_("应小于 %(n)s"), "lt"),
        "string_too_long": (_("不能超过 %(n)s 个字符"), "max_length"),
        "string_too_short": (_("至少 %(n)s 个字符"), "min_length"),
        "too_long": (_("不能超过 %(n)s 项"), "max_length"),
        "too_short": (_("至少 %(n)s 项"), "min_length"),
        "enum": (_("应为以下之一：%(n)s"), "expected"),
        "literal_error": (_("应为以下之一：%(n)s"), "expected"),
    }
    if kind in bounded:
        text, key = bounded[kind]
        return text % {"n": ctx.get(key, "")}
    return _("格式不正确")


def _joined(label: str, message: str) -> str:
    """'offset 不能大于 100000', but '请求内容应为 JSON 对象': a space only after a field's code name."""
    return f"{label} {message}" if label.isascii() else f"{label}{message}"


def invalid_input(errors: Sequence[dict]) -> dict:
    """The 422 body for django-ninja's validation errors: a Chinese `detail` naming the first field
    and what it should be, and every field in `errors` (messages in Chinese, pydantic's type kept)."""
    items = [
        {
            "loc": list(e.get("loc", ())),
            "msg": _joined(e.get("label") or _field_label(e.get("loc", ())), _message(e)),
            "type": e.get("type", ""),
        }
        for e in errors
    ]
    if not items:
        return {"detail": _("提交的数据格式不正确。"), "errors": []}
    first = items[0]["msg"]
    if len(items) > 1:
        detail = _("提交的数据格式不正确：%(first)s（共 %(n)d 处错误）。") % {"first": first, "n": len(items)}
    else:
        detail = _("提交的数据格式不正确：%(first)s。") % {"first": first}
    return {"detail": detail, "errors": items}
