"""Care: retirement honors — forms. They collect input; the rules live in services/honors.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.choosers import org_chooser


def _day(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写日期。"), "invalid": _("请填写正确的日期。")},
    )


class CeremonyForm(forms.Form):
    org = org_chooser(
        None,
        purpose="manage",
        label=_("举办组织"),
        error_messages={"required": _("请选择举办组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    title = forms.CharField(
        label=_("仪式名称"), max_length=100, error_messages={"required": _("请填写仪式名称。")}
    )
    held_on = _day(_("仪式日期"))
    place = forms.CharField(label=_("地点"), max_length=200, error_messages={"required": _("请填写地点。")})
    period_start = _day(_("退休时段起"))
    period_end = _day(_("退休时段止"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.selectors import manageable_orgs

        self.fields["org"].queryset = manageable_orgs(user)


class HonoureeForm(forms.Form):
    member = forms.UUIDField(widget=forms.HiddenInput, error_messages={"required": _("请选择会员。")})
    retired_on = _day(_("退休日期"), required=False)


class CertificateTemplateForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("适用组织（含下级）"),
        queryset=None,
        error_messages={"required": _("请选择组织。"), "invalid_choice": _("请选择您管理的组织。")},
    )
    file = forms.FileField(
        label=_("证书模板（Word .docx，5MB以内）"),
        help_text=_("先下载当前模板，在Word中修改文字和版式，保留{{ name }}等字段，再上传。"),
        error_messages={"required": _("请选择模板文件。")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from gonghui.orgs.selectors import manageable_orgs

        self.fields["org"].queryset = manageable_orgs(user)
