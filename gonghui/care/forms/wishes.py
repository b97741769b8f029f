"""Care: wishes — forms. They collect input; the rules (the cap, one open wish) live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.care.models.wishes import WALL_STATES, WISH_FLOW, Wish


class WishForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("心愿类别"), choices=Wish.Kind.choices, error_messages={"required": _("请选择心愿类别。")}
    )
    title = forms.CharField(
        label=_("我的心愿"),
        max_length=60,
        help_text=_("如：一件冬季骑行防寒服"),
        error_messages={"required": _("请填写心愿内容。"), "max_length": _("心愿内容不超过60个字。")},
    )
    reason = forms.CharField(
        label=_("心愿理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请说说心愿的理由。"), "max_length": _("心愿理由不超过500个字。")},
    )
    amount = forms.CharField(
        label=_("预计金额（元）"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": _("请填写预计金额。")},
    )

    def __init__(self, *args, cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cap is not None:
            self.fields["amount"].help_text = _("不超过%(cap)s元") % {"cap": f"{cap:.2f}"}


class CapForm(forms.Form):
    cap = forms.CharField(
        label=_("单个心愿金额上限（元）"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": _("请填写金额上限。")},
    )

    def __init__(self, *args, user, **kwargs):
        from gonghui.core.choosers import org_choice
        from gonghui.orgs.selectors import manageable_orgs

        super().__init__(*args, **kwargs)
        org = org_choice(
            manageable_orgs(user),
            purpose="manage",
            label=_("工会组织"),
            help_text=_("本组织及未单独设置的下级工会适用"),
            error_messages={"required": _("请选择工会组织。"), "invalid_choice": _("请选择您管理的组织。")},
        )
        self.fields = {"org": org, **self.fields}


class NoteForm(forms.Form):
    """A reason (refusing, saying it did not arrive) or an optional note."""

    note = forms.CharField(
        label=_("说明"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("说明不超过200个字。")},
    )

    def __init__(self, *args, required: bool = False, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required
        self.fields["note"].error_messages["required"] = _("请填写理由。")
        if label:
            self.fields["note"].label = label


class FulfilForm(forms.Form):
    photo = forms.FileField(
        label=_("圆梦照片（JPG、PNG或WebP，5MB以内）"),
        error_messages={"required": _("请上传圆梦照片。")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    note = forms.CharField(label=_("圆梦留言"), max_length=200, required=False)


class WallFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("心愿类别"), choices=[("", _("全部类别")), *Wish.Kind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部状态")), *[(s, WISH_FLOW.label(s)) for s in WALL_STATES]],
        required=False,
    )

    def values(self) -> dict:
        if not self.is_valid():
            return {"kind": "", "state": ""}
        return {"kind": self.cleaned_data.get("kind", ""), "state": self.cleaned_data.get("state", "")}


class StateFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态")), *WISH_FLOW.choices()], required=False
    )

    def value(self) -> str:
        return self.cleaned_data.get("state", "") if self.is_valid() else ""
