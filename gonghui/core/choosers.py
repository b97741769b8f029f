"""Search-as-you-type choosers: one widget + field pair for choices too many for a <select>.

A province has 100k unions and hundreds of thousands of enterprises, so forms never render every
choice. `ChooserField` renders a text box that asks a search endpoint (htmx, 300 ms after typing)
for at most 20 matches; picking one stores its uuid in a hidden input. Without JavaScript the
text box still works: the person types the exact name or unified social credit code and the field
resolves it on the server, with a Chinese error when nothing or several things match.

The cleaned value is a model instance, as with ModelChoiceField, and it is always checked against
the form's queryset (the search endpoint only helps find it). The hidden input also accepts a
primary key, and the text box a uuid, so older clients posting a pk keep working.

Search endpoints (orgs.views.org_search, orgs.views.enterprise_search) and the org and enterprise
lists use `name_q`: any part of the name (case-insensitive for Latin letters: "华宇" finds
桐川华宇机械有限公司), or the start of the code. On PostgreSQL orgs migration `name_search_trigram`
makes the name match a GIN trigram index scan (pg_trgm) and `chooser_search` the code match an
index range scan; SQLite scans, which suits the embedded database's size.
"""

import uuid as uuid_module

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

MAX_RESULTS = 20
TEXT_SUFFIX = "__text"
# Up to this many choices a plain <select> is quicker to use than a search box.
SELECT_LIMIT = 50


def name_q(text: str, *, name_fields=("name",), code_field: str | None = "uscc") -> Q:
    """A name contains the text, or the code starts with it (codes are upper case)."""
    q = Q()
    for field in name_fields:
        q |= Q(**{f"{field}__icontains": text})
    if code_field and text.isascii() and text.isalnum() and len(text) >= 2:
        q |= Q(**{f"{code_field}__startswith": text.upper()})
    return q


def search_text(request) -> str:
    return (request.GET.get("q") or "").strip()[:100]


class SearchSelect(forms.Widget):
    """A text box with live search results and a hidden input holding the chosen uuid."""

    template_name = "core/chooser.html"

    def __init__(self, *, url_name: str = "", params: dict | None = None, placeholder=None, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.params = dict(params or {})
        self.placeholder = placeholder

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.params = dict(self.params)
        return obj

    def search_url(self) -> str:
        url = reverse(self.url_name)
        return f"{url}?{urlencode(self.params)}" if self.params else url

    def value_from_datadict(self, data, files, name):
        return (data.get(name) or "", data.get(name + TEXT_SUFFIX) or "")

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data

    def format_value(self, value):
        if isinstance(value, dict):
            return value
        if isinstance(value, tuple):
            return {"value": value[0], "label": value[1]}
        return {"value": "" if value in (None, "") else str(value), "label": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["text_name"] = name + TEXT_SUFFIX
        widget["search_url"] = self.search_url()
        widget["placeholder"] = self.placeholder or _("输入名称或统一社会信用代码查找")
        widget["results_id"] = f"{widget['attrs'].get('id') or 'id_' + name}-results"
        return context

    def id_for_label(self, id_):
        return id_


class ChooserField(forms.ModelChoiceField):
    """A ModelChoiceField for large querysets of models with `uuid` and `name` (and maybe `uscc`)."""

    widget = SearchSelect
    default_error_messages = {
        "not_found": _(
            "没有找到名称或统一社会信用代码为“%(text)s”的%(noun)s，请检查后重新输入，或输入部分名称后从搜索结果中选择。"
        ),
        "ambiguous": _("有多个名称为“%(text)s”的%(noun)s，请输入统一社会信用代码，或从搜索结果中选择。"),
    }

    def __init__(
        self,
        queryset=None,
        *,
        search_url: str,
        search_params: dict | None = None,
        noun=None,
        placeholder=None,
        code_field: str | None = "uscc",
        label_fn=None,
        **kwargs,
    ):
        kwargs.setdefault("empty_label", None)
        kwargs["widget"] = SearchSelect(url_name=search_url, params=search_params, placeholder=placeholder)
        super().__init__(queryset, **kwargs)
        self.noun = noun or _("单位")
        self.code_field = code_field
        self.label_fn = label_fn

    def set_search_params(self, **params) -> None:
        self.widget.params.update({k: v for k, v in params.items() if v is not None})

    def label_from_instance(self, obj) -> str:
        return self.label_fn(obj) if self.label_fn else obj.name

    def prepare_value(self, value):
        if isinstance(value, tuple):
            if value[1] or not value[0]:
                return {"value": value[0], "label": value[1]}
            value = value[0]  # a chosen key without its text (a link, an older client): show its name
        if value in (None, ""):
            return {"value": "", "label": ""}
        obj = value if hasattr(value, "_meta") else self._by_key(str(value))
        if obj is None:
            return {"value": "", "label": ""}
        return {"value": str(obj.uuid), "label": self.label_from_instance(obj)}

    def _by_key(self, key: str):
        key = key.strip()
        if self.queryset is None or not key:
            return None
        try:
            lookup = {"uuid": uuid_module.UUID(key)}
        except ValueError:
            if not key.isdigit():
                return None
            lookup = {"pk": int(key)}
        return self.queryset.filter(**lookup).first()

    def _texts_of(self, obj) -> set[str]:
        texts = {obj.name, self.label_from_instance(obj), str(obj.uuid)}
        if self.code_field and getattr(obj, self.code_field, ""):
            texts.add(getattr(obj, self.code_field))
        return texts

    def _by_text(self, text: str):
        obj = self._by_key(text)
        if obj is not None:
            return obj
        q = Q(name=text)
        if self.code_field and text.isascii():
            q |= Q(**{self.code_field: text.upper()})
        matches = list(self.queryset.filter(q)[:2])
        params = {"text": text, "noun": self.noun}
        if not matches:
            raise ValidationError(self.error_messages["not_found"], code="not_found", params=params)
        if len(matches) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params=params)
        return matches[0]

    def to_python(self, value):
        hidden, text = value if isinstance(value, tuple) else (value, "")
        if hasattr(hidden, "_meta"):
            hidden = str(hidden.pk)
        hidden, text = str(hidden or "").strip(), str(text or "").strip()
        if hidden:
            obj = self._by_key(hidden)
            # The text box wins when it was changed after choosing (typed without JavaScript).
            if obj is not None and (
                not text or text in self._texts_of(obj) or text.upper() in self._texts_of(obj)
            ):
                return obj
            if obj is None and not text:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if text:
            return self._by_text(text)
        return None

    def validate(self, value):
        forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_key = str(self.prepare_value(initial)["value"])
        hidden, text = data if isinstance(data, tuple) else (data, "")
        return initial_key != str(hidden or "") or bool(text and not hidden)


def org_label(org) -> str:
    return f"{org.name}（{org.get_kind_display()}）"


def org_chooser(queryset=None, *, purpose: str, label=None, noun=None, **kwargs) -> ChooserField:
    """A chooser over orgs, searched with orgs:search for the given purpose (see orgs.views)."""
    kwargs.setdefault("placeholder", _("输入工会名称查找"))
    return ChooserField(
        queryset,
        search_url="orgs:search",
        search_params={"for": purpose},
        label=label,
        noun=noun or _("工会组织"),
        label_fn=org_label,
        **kwargs,
    )


def enterprise_chooser(queryset=None, *, purpose: str, label=None, **kwargs) -> ChooserField:
    kwargs.setdefault("placeholder", _("输入单位名称或统一社会信用代码查找"))
    return ChooserField(
        queryset,
        search_url="orgs:enterprise_search",
        search_params={"for": purpose},
        label=label,
        noun=_("单位"),
        **kwargs,
    )


def small_select_or_chooser(queryset, *, chooser, label, **kwargs) -> forms.ModelChoiceField:
    """A <select> when the user has a few choices (a township cadre's orgs, an enterprise contact's
    enterprises), else `chooser(queryset, label=label, **kwargs)`: a province cadre's 100k unions."""
    if queryset[: SELECT_LIMIT + 1].count() > SELECT_LIMIT:
        return chooser(queryset, label=label, **kwargs)
    kwargs.setdefault("empty_label", None)
    return forms.ModelChoiceField(queryset=queryset, label=label, **kwargs)


def org_choice(queryset, *, purpose: str, label, **kwargs) -> forms.ModelChoiceField:
    """The org field of a form: a select of a few orgs, a chooser searching orgs:search `purpose` else."""
    return small_select_or_chooser(
        queryset, label=label, **kwargs, chooser=lambda qs, **kw: org_chooser(qs, purpose=purpose, **kw)
    )
