from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import Role
from gonghui.accounts.services import password_validate
from gonghui.core.choosers import org_chooser
from gonghui.core.validators import fold_identity_input, normalize_mobile


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("手机号码"))
        # Room for what a copied number brings along (spaces, +86, invisible direction marks): the
        # browser would otherwise cut a pasted number short. normalize_mobile removes them.
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalize_mobile(value) if value else value


class LoginForm(forms.Form):
    phone = PhoneField(error_messages={"required": _("请填写手机号码。")})
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请填写密码。")},
    )


class CodeRequestForm(forms.Form):
    phone = PhoneField(error_messages={"required": _("请填写手机号码。")})


class CodeLoginForm(forms.Form):
    phone = PhoneField(widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("验证码"),
        max_length=20,
        widget=forms.TextInput(
            # No pattern="[0-9]*": the browser would refuse the full-width digits that clean_code accepts.
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
        error_messages={
            "required": _("请填写收到的6位验证码。"),
            "max_length": _("验证码为6位数字。"),
        },
    )

    def clean_code(self):
        # A full-width ６ from an IME is the digit 6; ASCII-only after that (isdigit() takes any script).
        code = fold_identity_input(self.cleaned_data["code"])
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("验证码为6位数字。"))
        return code


class RegisterRequestForm(CodeRequestForm):
    name = forms.CharField(
        label=_("姓名"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("请填写姓名。"), "max_length": _("姓名最多40个字。")},
    )

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class RegisterForm(CodeLoginForm):
    name = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)


class NewPasswordForm(forms.Form):
    """New password twice, checked with Django's validators (messages translated by Django)."""

    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8位，不能是常见密码，也不能全是数字。"),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password2(self):
        p1 = self.cleaned_data.get("new_password1")
        p2 = self.cleaned_data.get("new_password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(_("两次输入的密码不一致。"))
        if p2:
            password_validate(p2, self.user)
        return p2


class PasswordChangeForm(NewPasswordForm):
    old_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("当前密码不正确。"))
        return old


class PositionGrantForm(forms.Form):
    org = org_chooser(label=_("组织"), purpose="grant", noun=_("组织"), placeholder=_("输入组织名称查找"))
    phone = PhoneField(help_text=_("尚未开通账号的手机号码将自动开通账号。"))
    name = forms.CharField(label=_("姓名"), max_length=40, required=False, help_text=_("新开通账号时必填。"))
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices, initial=Role.STAFF)
    title = forms.CharField(
        label=_("职务名称"),
        max_length=40,
        required=False,
        help_text=_("如：工会主席、副主席、经审委员、专职干部。"),
    )
    can_view_personal_data = forms.BooleanField(
        label=_("可查看完整身份证号码等个人信息（每次查看均留痕）"),
        required=False,
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
