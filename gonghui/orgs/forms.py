"""Forms of the org pages: input and its Chinese messages; the rules live in orgs.services."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import org_chooser
from gonghui.core.validators import normalize_uscc
from gonghui.orgs.models import Enterprise, Industry, JobType, Org, OrgKind, Ownership
from gonghui.orgs.selectors import public_areas

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _org_field(queryset, *, label, purpose: str, required=True):
    """A search-as-you-type org chooser (a province has 100k orgs: never a <select> of them all)."""
    return org_chooser(
        queryset,
        purpose=purpose,
        label=label,
        required=required,
        error_messages={"invalid_choice": _("请从列表中选择搜索到的组织。"), "required": _("请选择。")},
    )


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": _("请输入正确的日期，如 2026-01-01。")},
    )
    end = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": _("请输入正确的日期，如 2026-12-31。")},
    )

    def __init__(self, *args, default: tuple[datetime.date, datetime.date], **kwargs):
        # The default period shows in the date fields (ISO values: what <input type=date> reads).
        kwargs.setdefault("initial", {"start": default[0], "end": default[1]})
        super().__init__(*args, **kwargs)
        self.default = default

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.default[0]
        end = data.get("end") or self.default[1]
        if not self.errors and start > end:
            raise ValidationError(_("开始日期不能晚于结束日期。"))
        data["start"], data["end"] = start, end
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default


class OrgForm(forms.ModelForm):
    class Meta:
        model = Org
        fields = [
            "kind",
            "name",
            "short_name",
            "uscc",
            "formed_on",
            "address",
            "contact_name",
            "contact_phone",
        ]
        widgets = {"formed_on": DATE_INPUT}
        help_texts = {
            "uscc": _("工会法人资格证书上的代码，基层工会以81开头；未取得可不填。"),
            "formed_on": _("成立（建会）日期；统计“本期新建工会”时使用。"),
        }
        error_messages = {"formed_on": {"invalid": _("请输入正确的日期，如 2026-01-01。")}}

    def __init__(self, *args, parent_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uscc"].validators = []  # checked (with the union rules) in clean_uscc
        if parent_choices is not None:
            self.fields["parent"] = _org_field(parent_choices, label=_("上级组织"), purpose="manage")
            self.fields["parent"].initial = self.instance.parent_id
            self.order_fields(["parent"])

    def clean_uscc(self) -> str:
        value = self.cleaned_data.get("uscc", "")
        if not value.strip():
            return ""
        return normalize_uscc(value)

    def clean_formed_on(self):
        value = self.cleaned_data.get("formed_on")
        if value and value > datetime.date.today():
            raise ValidationError(_("建会日期不能晚于今天。"))
        return value

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "uscc",
            "employee_count",
            "industry",
            "ownership",
            "address",
            "longitude",
            "latitude",
            "contact_name",
            "contact_phone",
        ]
        error_messages = {
            "employee_count": {"invalid": _("请输入整数。"), "min_value": _("职工人数不能为负数。")},
            "longitude": {"invalid": _("请输入数字，如 117.123456。")},
            "latitude": {"invalid": _("请输入数字，如 36.123456。")},
            "uscc": {"unique": _("该统一社会信用代码的企业已登记。")},
        }

    def __init__(self, *args, area_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uscc"].validators = []
        self.fields["industry"].choices = Industry.choices
        self.fields["ownership"].choices = Ownership.choices
        self.fields["org"] = _org_field(area_choices, label=_("所属区域工会"), purpose="area")
        self.fields["org"].initial = self.instance.org_id if self.instance.pk else None
        self.order_fields(["name", "uscc", "org"])

    def clean_uscc(self) -> str:
        return normalize_uscc(self.cleaned_data.get("uscc", ""))

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        if value is not None and not (73 <= value <= 136):
            raise ValidationError(_("经度应在73到136之间（中国境内）。"))
        return value

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        if value is not None and not (3 <= value <= 54):
            raise ValidationError(_("纬度应在3到54之间（中国境内）。"))
        return value

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FormationForm(forms.Form):
    """Record 建会: the enterprise is covered by an existing union, or forms a union of its own."""

    MODE_EXISTING = "existing"
    MODE_NEW = "new"
    mode = forms.ChoiceField(
        label=_("建会方式"),
        widget=forms.RadioSelect,
        initial=MODE_EXISTING,
        choices=[
            (MODE_EXISTING, _("加入或由已有工会覆盖（如联合基层工会）")),
            (MODE_NEW, _("成立本企业工会")),
        ],
    )
    union = forms.ModelChoiceField(
        queryset=Org.objects.none(),
        label=_("覆盖工会"),
        required=False,
        error_messages={"invalid_choice": _("请从列表中选择。")},
    )
    new_union_name = forms.CharField(label=_("新工会名称"), max_length=100, required=False)
    new_union_uscc = forms.CharField(
        label=_("新工会统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("以81开头；未取得可不填。"),
    )
    formed_on = forms.DateField(
        label=_("建会日期"),
        widget=DATE_INPUT,
        error_messages={"invalid": _("请输入正确的日期，如 2026-01-01。"), "required": _("请填写建会日期。")},
    )

    def __init__(self, *args, union_choices, enterprise: Enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"] = _org_field(union_choices, label=_("覆盖工会"), purpose="union", required=False)
        self.fields["union"].initial = enterprise.union_id
        self.fields["new_union_name"].initial = f"{enterprise.name}工会"
        self.order_fields(["mode", "union", "new_union_name", "new_union_uscc", "formed_on"])

    def clean_formed_on(self):
        value = self.cleaned_data["formed_on"]
        if value > datetime.date.today():
            raise ValidationError(_("建会日期不能晚于今天。"))
        return value

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.MODE_EXISTING and not data.get("union") and "union" not in self.errors:
            self.add_error("union", _("请选择覆盖该企业的工会。"))
        if data.get("mode") == self.MODE_NEW and not (data.get("new_union_name") or "").strip():
            self.add_error("new_union_name", _("请填写新工会名称。"))
        return data


class RouteForm(forms.Form):
    job_type = forms.ChoiceField(label=_("职业类型"), error_messages={"required": _("请选择职业类型。")})

    def __init__(self, *args, area_choices, union_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_type"].choices = [("", "---------"), *JobType.choices]
        self.fields["area"] = _org_field(area_choices, label=_("工作区域"), purpose="area")
        self.fields["union"] = _org_field(
            union_choices, label=_("入会工会（工会联合会或联合基层工会）"), purpose="route_union"
        )


class OrgKindFilter(forms.Form):
    """Search box of the org list."""

    q = forms.CharField(label=_("名称"), required=False, max_length=100)


class EnterpriseFilter(forms.Form):
    q = forms.CharField(label=_("名称或信用代码"), required=False, max_length=100)
    has_union = forms.ChoiceField(
        label=_("建会情况"),
        required=False,
        choices=[("", _("全部")), ("yes", _("已建会")), ("no", _("未建会"))],
    )
    big = forms.BooleanField(label=_("仅25人以上"), required=False)


__all__ = [
    "EnterpriseFilter",
    "EnterpriseForm",
    "FormationForm",
    "OrgForm",
    "OrgKind",
    "OrgKindFilter",
    "PeriodForm",
    "RouteForm",
]


def public_area_field(*, label, noun, **kwargs):
    """An area anyone may pick (a rider's work area, a volunteer's area): searched, never listed,
    since a province has tens of thousands of area unions (orgs:search for=public_area)."""
    return org_chooser(
        public_areas(),
        purpose="public_area",
        label=label,
        noun=noun,
        placeholder=_("输入县、乡镇、街道或园区名称查找"),
        **kwargs,
    )
