"""Accounts and positions: login (password, one-time codes), passwords, API tokens, grants."""

import datetime
import hashlib
import hmac
import logging
import secrets
import time

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts import selectors, throttle
from gonghui.accounts.models import ApiToken, Position, Role, User
from gonghui.accounts.senders import get_sender
from gonghui.core import audit, scoping
from gonghui.core.pii import mask_mobile
from gonghui.core.scoping import can_chair, forget_positions
from gonghui.core.validators import fold_identity_input, normalize_mobile

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
CODE_TTL_SECONDS = 5 * 60
CODE_MAX_TRIES = 5
CODE_RESEND_SECONDS = 60


# ---------------------------------------------------------------- users


@transaction.atomic
def user_get_or_create(*, phone: str, name: str = "", password: str | None = None) -> tuple[User, bool]:
    phone = normalize_mobile(phone)
    user = User.objects.filter(phone=phone).first()
    if user:
        return user, False
    return User.objects.create_user(phone, password, name=name), True


@transaction.atomic
def user_follow_identity(
    *, user_id: int, phone: str | None = None, name: str | None = None, actor, org=None
) -> None:
    """A login follows its member's corrected mobile (codes go to the new number) and name.

    Refused when the number is another account's login: one number, one account.
    """
    user = User.objects.select_for_update().get(pk=user_id)
    before = audit.snapshot(user, ["phone", "name"])
    phone = normalize_mobile(phone) if phone else phone
    if phone and user.phone != phone:
        if User.objects.filter(phone=phone).exclude(pk=user.pk).exists():
            raise ValidationError(
                _("新手机号码已是另一个账号的登录手机号，不能更正。请与本人核实后答复不予更正。")
            )
        user.phone = phone
    if name:
        user.name = name
    changes = audit.diff(before, user)
    if changes:
        user.save(update_fields=list(changes))
        if "phone" in changes:  # the trail shows that the number changed, not the numbers
            changes["phone"] = [mask_mobile(v or "") for v in changes["phone"]]
        audit.record(user, action="account_follow_correction", actor=actor, org=org, changes=changes)


def password_validate(password: str, user: User | None = None) -> None:
    """Django's password validators, messages in Chinese.

    Django's zh-hans catalog translates them, except the minimum length message whose source text
    changed in Django 5.2: that one is given here.
    """
    try:
        password_validation.validate_password(password, user)
    except ValidationError as e:
        errors = []
        for error in e.error_list:
            if error.code == "password_too_short":
                n = (error.params or {}).get("min_length", 8)
                error = ValidationError(_("密码太短，至少需要%(n)d个字符。") % {"n": n}, code=error.code)
            errors.append(error)
        raise ValidationError(errors) from None


@transaction.atomic
def user_set_password(*, user: User, password: str, actor) -> User:
    """Set a new password after Django's validators."""
    password_validate(password, user)
    had_password = user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    # Whoever had the old password may have taken API tokens with it: a new password ends them.
    if had_password:
        token_revoke_all(user=user, actor=user)
    audit.record(
        user,
        action="password_change" if had_password else "password_set",
        actor=actor,
        changes={"password": ["***", "***"]},
    )
    return user


# ---------------------------------------------------------------- password login and its throttle


def _locked_error(seconds: int) -> ValidationError:
    error = ValidationError(
        _("登录失败次数过多，为保护账号安全已暂停登录，请%(wait)s后再试。")
        % {"wait": throttle.wait_text(seconds)},
        code="locked",
    )
    error.retry_after = seconds  # the API's 429 says it in a Retry-After header
    return error


def login_with_password(*, phone: str, password: str, ip: str = "", request=None) -> User:
    """The user for these credentials, or ValidationError (code 'invalid' or 'locked').

    Failures are counted per phone and per client address; once either limit is reached, every
    attempt is refused for the lock period, even with the right password. Unknown numbers count
    like known ones, so the answers reveal nothing about who is registered.
    """
    try:
        phone = normalize_mobile(phone)
    except ValidationError:
        raise ValidationError(_("手机号码或密码不正确。"), code="invalid") from None
    phone_key = throttle.key("login-phone", phone)
    ip_key = throttle.key("login-ip", ip or "-")
    wait = throttle.locked_for(phone_key, ip_key)
    if wait:
        raise _locked_error(wait)

    user = authenticate(request, username=phone, password=password)
    if user is not None:
        throttle.reset(phone_key)
        return user

    period = throttle.lock_seconds()
    failures = throttle.count(phone_key, limit=throttle.phone_limit(), period=period)
    throttle.count(ip_key, limit=throttle.ip_limit(), period=period)
    logger.info("password login failed for %s (%d)", mask_mobile(phone), failures)
    wait = throttle.locked_for(phone_key, ip_key)
    if wait:
        logger.warning("login locked for %s after %d failures", mask_mobile(phone), failures)
        raise _locked_error(wait)
    left = throttle.phone_limit() - failures
    raise ValidationError(
        _("手机号码或密码不正确。再错%(n)d次将暂停登录%(wait)s。")
        % {"n": left, "wait": throttle.wait_text(period)},
        code="invalid",
    )


# ---------------------------------------------------------------- one-time login codes


LOGIN, REGISTER = "login", "register"  # what a one-time code is for; a code of one is no good for the other


def code_sent_message() -> str:
    return _("验证码已发送，5分钟内有效。")


def _code_hash(phone: str, code: str, purpose: str = LOGIN) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{purpose}-code:{phone}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def _code_key(phone: str, purpose: str) -> str:
    return throttle.key("code" if purpose == LOGIN else f"{purpose}-code", phone)


def _members_without_account(phone: str):
    """Members (active or retired) with this phone and no account yet (registered by members)."""
    from gonghui.accounts import contrib

    return contrib.unlinked_people(phone)


def _refusal(phone: str, purpose: str) -> ValidationError | None:
    """Why no code of this purpose goes to this number, said plainly (the login page offers
    registration to an unknown number; registration sends a known one to the login)."""
    user = User.objects.filter(phone=phone).only("is_active").first()
    if user is not None and not user.is_active:
        return ValidationError(_("该账号已停用，请联系所在工会。"), code="inactive")
    known = user is not None or _members_without_account(phone).exists()
    if purpose == LOGIN and not known:
        return ValidationError(_("该手机号码尚未注册。可以用它注册一个账号，再继续。"), code="unknown")
    if purpose == REGISTER and known:
        return ValidationError(
            _("该手机号码已注册（或已登记为会员），请直接用验证码登录。"), code="registered"
        )
    return None


def code_request(*, phone: str, ip: str = "", purpose: str = LOGIN) -> str:
    """Send a one-time code: to log in (an active user, or a member without an account yet) or to
    register (a number nobody holds). Throttled alike: one code per number per minute, and a limit
    per client address, which also bounds how many numbers one client may ask about.

    Raises ValidationError for a malformed number, a request too soon after the previous one, or a
    number the purpose does not fit (code 'unknown', 'registered' or 'inactive').
    """
    phone = normalize_mobile(phone)
    now = time.time()
    sent_key = throttle.key("code-sent", phone)
    if not cache.add(sent_key, now, timeout=CODE_RESEND_SECONDS):
        last = cache.get(sent_key) or now
        wait = max(1, int(CODE_RESEND_SECONDS - (now - last)))
        raise ValidationError(_("验证码发送过于频繁，请%(n)d秒后再获取。") % {"n": wait}, code="too_soon")
    ip_key = throttle.key("code-ip", ip or "-")
    ip_wait = throttle.locked_for(ip_key)
    if ip_wait:
        cache.delete(sent_key)
        raise ValidationError(
            _("本网络获取验证码次数过多，请%(wait)s后再试。") % {"wait": throttle.wait_text(ip_wait)},
            code="too_many",
        )
    throttle.count(ip_key, limit=int(getattr(settings, "GONGHUI_CODE_IP_LIMIT", 30)), period=60 * 60)

    refusal = _refusal(phone, purpose)
    if refusal is not None:
        cache.delete(sent_key)  # nothing was sent: the other page may send one at once
        raise refusal
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    code_key = _code_key(phone, purpose)
    cache.set(
        code_key,
        {"hash": _code_hash(phone, code, purpose), "expires": now + CODE_TTL_SECONDS},
        timeout=CODE_TTL_SECONDS,
    )
    cache.delete(throttle.key(f"{purpose}-code-tries", phone))
    try:
        get_sender().send(phone, code)
    except Exception:
        cache.delete_many([code_key, sent_key])
        logger.exception("%s code could not be sent to %s", purpose, mask_mobile(phone))
        raise ValidationError(_("验证码发送失败，请稍后再试。"), code="send_failed") from None
    logger.info("%s code issued for %s", purpose, mask_mobile(phone))
    return code_sent_message()


def _check_code(phone: str, code: str, purpose: str = LOGIN) -> None:
    code_key = _code_key(phone, purpose)
    tries_key = throttle.key(f"{purpose}-code-tries", phone)
    stored = cache.get(code_key)
    if not stored or time.time() > stored["expires"]:
        cache.delete_many([code_key, tries_key])
        raise ValidationError(_("验证码已过期或尚未获取，请重新获取验证码。"), code="expired")
    cache.add(tries_key, 0, timeout=CODE_TTL_SECONDS)
    try:
        tries = cache.incr(tries_key)
    except ValueError:
        tries = CODE_MAX_TRIES + 1
    if tries > CODE_MAX_TRIES:
        cache.delete_many([code_key, tries_key])
        raise ValidationError(_("验证码输入错误次数过多，请重新获取验证码。"), code="too_many")
    if not hmac.compare_digest(stored["hash"], _code_hash(phone, fold_identity_input(code), purpose)):
        left = CODE_MAX_TRIES - tries
        if left <= 0:
            cache.delete_many([code_key, tries_key])
            raise ValidationError(_("验证码输入错误次数过多，请重新获取验证码。"), code="too_many")
        raise ValidationError(_("验证码不正确，还可以再试%(n)d次。") % {"n": left}, code="invalid")
    # One code, one use.
    cache.delete_many([code_key, tries_key])


def _account_of_verified_phone(phone: str) -> User | None:
    """The account of a phone whose holder just proved it with a code: theirs, or one opened for
    the member registered with it; None when neither exists. Inside the caller's transaction."""
    user = User.objects.filter(phone=phone).first()
    if user is not None:
        if not user.is_active:
            raise ValidationError(_("该账号已停用，请联系所在工会。"), code="inactive")
        return user
    members = list(_members_without_account(phone).select_for_update()[:2])
    if not members:
        return None
    if len(members) > 1:
        raise ValidationError(
            _("该手机号码登记在多名会员名下，无法自动开通账号，请联系所在工会核实。"), code="ambiguous"
        )
    member = members[0]
    user, _created = user_get_or_create(phone=phone, name=member.name)
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    audit.record(member, action="account_link", actor=user, changes={"user": [None, user.pk]})
    logger.info("account created on first code login for member of org %s", member.org_id)
    return user


def code_login(*, phone: str, code: str) -> User:
    """The user this code logs in; an imported member without an account gets one, linked to the member."""
    phone = normalize_mobile(phone)
    _check_code(phone, code)
    throttle.reset(throttle.key("login-phone", phone))
    with transaction.atomic():
        user = _account_of_verified_phone(phone)
    if user is None:
        raise ValidationError(_("验证码已过期或尚未获取，请重新获取验证码。"), code="expired")
    return user


def register_with_code(*, phone: str, code: str, name: str) -> tuple[User, bool]:
    """A new account for the holder of this phone, proved by a registration code: (user, created).

    A number that has an account by now (a double submit, two tabs, a member imported meanwhile)
    gets that account, never a second one: the code proves the same holder either way.
    """
    phone = normalize_mobile(phone)
    name = (name or "").strip()[:40]
    _check_code(phone, code, REGISTER)
    throttle.reset(throttle.key("login-phone", phone))
    with transaction.atomic():
        user = _account_of_verified_phone(phone)
        if user is not None:
            return user, False
        try:
            with transaction.atomic():
                user = User.objects.create_user(phone, None, name=name)
        except IntegrityError:  # the same number registered a moment ago by a concurrent request
            return User.objects.get(phone=phone), False
    logger.info("account registered by code for %s", mask_mobile(phone))
    return user, True


# ---------------------------------------------------------------- API tokens


# How stale "last used" may be: the use of a token is written at most once a minute, not on every call.
TOKEN_USE_PRECISION = datetime.timedelta(minutes=1)


@transaction.atomic
def token_issue(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new bearer token valid for GONGHUI_API_TOKEN_DAYS; the key is returned once, only its hash is stored."""
    return ApiToken.issue(user=user, name=(name or "").strip()[:60])


def token_authenticate(*, key: str) -> ApiToken:
    """The live token for a bearer key, its use recorded; ValidationError saying why it is refused.

    Checked against the database on every request (nothing is cached), so a revoked or expired
    token stops working with the next call."""
    token = selectors.token_for_key(key)
    now = timezone.now()
    if token is None or not token.user.is_active:
        raise ValidationError(_("接口令牌无效，请重新登录获取新的令牌。"), code="invalid")
    if token.revoked:
        raise ValidationError(_("该接口令牌已注销，请重新登录获取新的令牌。"), code="revoked")
    if now >= token.expires_at:
        raise ValidationError(_("该接口令牌已过期，请重新登录获取新的令牌。"), code="expired")
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token (its owner, or a platform admin). Revoking it again changes nothing."""
    if token.user_id != getattr(actor, "pk", None) and not getattr(actor, "is_superuser", False):
        raise PermissionDenied
    if ApiToken.objects.filter(pk=token.pk, revoked=False).update(revoked=True):
        audit.record(token, action="token_revoke", actor=actor)
    token.revoked = True
    return token


@transaction.atomic
def token_revoke_all(*, user: User, actor) -> int:
    """Revoke every live token of `user` (a lost phone); returns how many were revoked."""
    if user.pk != getattr(actor, "pk", None) and not getattr(actor, "is_superuser", False):
        raise PermissionDenied
    tokens = list(selectors.tokens_live_of(user))
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked=True)
    for token in tokens:
        audit.record(token, action="token_revoke", actor=actor)
    return len(tokens)


# ---------------------------------------------------------------- positions


@transaction.atomic
def position_grant(
    *,
    user: User,
    org,
    role: str,
    actor,
    title: str = "",
    can_view_personal_data: bool = False,
    check_scope: bool = True,
) -> Position:
    """Give `user` a role in `org`. Only a chair of the org or an ancestor may grant, and only a chair
    who may see personal data over the org may pass that permission on."""
    if check_scope and not can_chair(actor, org):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("角色不正确。")})
    if check_scope and can_view_personal_data and not scoping.can_view_personal_data(actor, org):
        raise ValidationError(
            {"can_view_personal_data": _("您本人在该组织没有查看完整个人信息的权限，不能授予他人。")}
        )
    try:
        with transaction.atomic():
            position, created = Position.objects.update_or_create(
                user=user,
                org=org,
                defaults={
                    "role": role,
                    "title": title,
                    "can_view_personal_data": can_view_personal_data,
                    "granted_by": actor if getattr(actor, "is_authenticated", False) else None,
                },
            )
    except IntegrityError:
        position = Position.objects.get(user=user, org=org)
    audit.record(
        position,
        action="grant",
        actor=actor,
        org=org,
        changes={"role": [None, role], "can_view_personal_data": [None, can_view_personal_data]},
    )
    forget_positions(user)
    return position


@transaction.atomic
def position_grant_by_phone(
    *,
    org,
    phone: str,
    name: str = "",
    role: str,
    actor,
    title: str = "",
    can_view_personal_data: bool = False,
) -> Position:
    """Grant a position to the person with this mobile number, opening an account if they have none."""
    if not can_chair(actor, org):
        raise PermissionDenied
    phone = normalize_mobile(phone)
    name = (name or "").strip()
    if not User.objects.filter(phone=phone).exists() and not name:
        raise ValidationError({"name": _("该手机号码尚未开通账号，请填写姓名，系统将为其开通账号。")})
    user, _created = user_get_or_create(phone=phone, name=name)
    if not user.is_active:
        raise ValidationError({"phone": _("该账号已停用，不能授予职务。")})
    return position_grant(
        user=user,
        org=org,
        role=role,
        actor=actor,
        title=title.strip(),
        can_view_personal_data=can_view_personal_data,
    )


@transaction.atomic
def position_revoke(*, position: Position, actor) -> None:
    if not can_chair(actor, position.org):
        raise PermissionDenied
    if position.user_id == getattr(actor, "pk", None) and position.role == Role.CHAIR:
        raise ValidationError(_("不能撤销自己的主席职务，请由上级工会办理。"))
    audit.record(
        position, action="revoke", actor=actor, org=position.org, changes={"role": [position.role, None]}
    )
    position.delete()


def client_ip(request) -> str:
    """The client's address, for the per-address limits.

    REMOTE_ADDR, unless it is one of settings.GONGHUI_TRUSTED_PROXIES (the nginx in front of us):
    then the right-most X-Forwarded-For entry that is not itself a trusted proxy. Entries further
    left were written by the client and may be forged, so they are never used.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.GONGHUI_TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote
