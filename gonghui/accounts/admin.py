"""Admin for users, positions and API tokens, and the admin's login.

The admin's login is the main login's: the same service (gonghui.accounts.services.
login_with_password), so the same failure limits and the same lock per phone and per address,
whichever of the two pages the attempts come through.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import services
from gonghui.accounts.models import ApiToken, Position, User
from gonghui.core.admin import GonghuiAdmin
from gonghui.core.validators import normalize_mobile


class AdminLoginForm(AdminAuthenticationForm):
    """Django's admin login form, checking the credentials through the throttled login service."""

    username = forms.CharField(
        label=_("手机号码"),
        max_length=30,  # spaces and a +86 prefix are allowed; the service normalises the number
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "tel"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django sets the login field's limit to User.phone's 11 characters; typed spaces need more.
        self.fields["username"].max_length = 30
        self.fields["username"].widget.attrs["maxlength"] = 30

    def clean(self):
        phone = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if phone and password:
            self.user_cache = services.login_with_password(
                phone=phone, password=password, ip=services.client_ip(self.request), request=self.request
            )
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


admin.site.login_form = AdminLoginForm
admin.site.unregister(Group)  # registered again below, audited like every other admin


@admin.register(Group)
class GroupAdmin(GonghuiAdmin, DjangoGroupAdmin):
    pass


admin.site.site_header = _("智慧工会平台管理")
admin.site.site_title = _("智慧工会平台管理")


class UserCreateForm(AdminUserCreationForm):
    phone = forms.CharField(label=_("手机号码"), max_length=20)

    class Meta:
        model = User
        fields = ("phone", "name")

    def clean_phone(self):
        phone = normalize_mobile(self.cleaned_data["phone"])
        if User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(_("该手机号码已开通账号。"))
        return phone


class UserEditForm(UserChangeForm):
    phone = forms.CharField(label=_("手机号码"), max_length=20)

    class Meta:
        model = User
        fields = "__all__"

    def clean_phone(self):
        return normalize_mobile(self.cleaned_data["phone"])


class PositionInline(admin.TabularInline):
    model = Position
    fk_name = "user"
    extra = 0
    fields = ("org", "role", "title", "can_view_personal_data", "granted_by", "granted_at")
    readonly_fields = ("org", "role", "title", "can_view_personal_data", "granted_by", "granted_at")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Positions are granted on the Position page, through the service that audits them.
        return False


@admin.register(User)
class UserAdmin(GonghuiAdmin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("phone",)
    list_display = ("phone", "name", "is_active", "is_staff", "is_superuser", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("phone", "name")
    readonly_fields = ("date_joined", "last_login")
    inlines = [PositionInline]
    fieldsets = (
        (None, {"fields": ("phone", "name", "password")}),
        (_("权限"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("时间"), {"fields": ("date_joined", "last_login")}),
    )

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("phone", "name", "usable_password", "password1", "password2")},
        ),
    )


@admin.register(Position)
class PositionAdmin(GonghuiAdmin):
    audited_by_service = True  # position_grant and position_revoke write the audit rows
    list_display = ("user", "org", "role", "title", "can_view_personal_data", "granted_by", "granted_at")
    list_filter = ("role", "can_view_personal_data")
    search_fields = ("user__phone", "user__name", "org__name")
    autocomplete_fields = ("user",)
    raw_id_fields = ("org",)
    fields = ("user", "org", "role", "title", "can_view_personal_data")
    list_select_related = ("user", "org", "granted_by")
    actions = None  # no bulk delete: each revocation goes through the audited service

    def get_readonly_fields(self, request, obj=None):
        return ("user", "org") if obj else ()

    def save_model(self, request, obj, form, change):
        # The platform admin bootstraps the first chairs, so the scope check is skipped; the grant is audited.
        position = services.position_grant(
            user=obj.user,
            org=obj.org,
            role=obj.role,
            title=obj.title,
            can_view_personal_data=obj.can_view_personal_data,
            actor=request.user,
            check_scope=False,
        )
        obj.pk = position.pk

    def delete_model(self, request, obj):
        try:
            services.position_revoke(position=obj, actor=request.user)
        except (ValidationError, PermissionDenied) as e:
            messages.error(request, "; ".join(getattr(e, "messages", [str(e)])))


@admin.register(ApiToken)
class ApiTokenAdmin(GonghuiAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "expires_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("user__phone", "user__name", "name")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "created_at", "last_used_at", "expires_at", "revoked")
    fields = readonly_fields
    actions = ["revoke_tokens"]

    def has_add_permission(self, request):
        # A key is shown once, to the app that asked for it (POST /api/v1/auth/token).
        return False

    @admin.action(description=_("注销所选令牌"))
    def revoke_tokens(self, request, queryset):
        n = 0
        for token in queryset.filter(revoked=False):
            services.token_revoke(token=token, actor=request.user)
            n += 1
        self.message_user(request, _("已注销%(n)d个令牌。") % {"n": n}, messages.SUCCESS)
