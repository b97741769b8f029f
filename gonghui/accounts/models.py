import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.pii import name_or_masked_mobile
from gonghui.core.scoping import ROLE_CHAIR, ROLE_STAFF, ROLE_VIEWER, ScopedManager
from gonghui.core.validators import normalize_mobile


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra):
        user = self.model(phone=normalize_mobile(phone), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, phone):
        """What authenticate() looks up (the login pages, the admin's login, createsuperuser): the
        normalised number, so a full-width or spaced phone finds the same account."""
        try:
            phone = normalize_mobile(phone)
        except ValidationError:
            pass  # not a mobile number: no account has it, and the caller says so
        return super().get_by_natural_key(phone)

    def create_superuser(self, phone: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with a mainland mobile number."""

    phone = models.CharField(_("手机号码"), max_length=11, unique=True)
    name = models.CharField(_("姓名"), max_length=40, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    is_staff = models.BooleanField(_("可进入后台"), default=False)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return name_or_masked_mobile(self.name, self.phone)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


class Role(models.TextChoices):
    CHAIR = ROLE_CHAIR, _("主席")
    STAFF = ROLE_STAFF, _("工作人员")
    VIEWER = ROLE_VIEWER, pgettext_lazy("role", "查看")


class Position(models.Model):
    """A user's role in an org; the user's scope is the subtrees of the orgs they hold positions in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positions", verbose_name=_("用户")
    )
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.CASCADE, related_name="positions", verbose_name=_("组织")
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    title = models.CharField(_("职务名称"), max_length=40, blank=True)
    can_view_personal_data = models.BooleanField(_("可查看完整个人信息"), default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_path_fields = ("org__path",)
    scope_owner_field = "user"

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        constraints = [models.UniqueConstraint(fields=["user", "org"], name="uniq_position_user_org")]

    def __str__(self) -> str:
        return f"{self.user} · {self.org} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for apps; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=60, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    # Fixed when the token is issued (GONGHUI_API_TOKEN_DAYS); an app logs in again to get a new one.
    expires_at = models.DateTimeField(_("有效期至"))
    revoked = models.BooleanField(_("已注销"), default=False)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        indexes = [models.Index(fields=["user", "revoked", "expires_at"], name="apitoken_user_live")]

    def __str__(self) -> str:
        return self.name or f"token #{self.pk}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str = "", expires_at=None) -> tuple["ApiToken", str]:
        """A new token and its key (shown once); it expires GONGHUI_API_TOKEN_DAYS from now unless told."""
        if expires_at is None:
            expires_at = timezone.now() + datetime.timedelta(days=settings.GONGHUI_API_TOKEN_DAYS)
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), expires_at=expires_at)
        return token, key
