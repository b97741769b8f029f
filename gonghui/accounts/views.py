"""Login (password or one-time code), passwords and positions. Thin: form → access → service → render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from gonghui.accounts import contrib, selectors, senders, services
from gonghui.accounts.forms import (
    CodeLoginForm,
    CodeRequestForm,
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    PositionGrantForm,
    RegisterForm,
    RegisterRequestForm,
)
from gonghui.accounts.models import Role
from gonghui.core.pii import mask_mobile

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request) -> str:
    """The `next` parameter if it stays on this site, else ''."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return ""


def _after_login(request, user, *, offer_password: bool = False):
    nxt = _next_url(request)
    if offer_password and not user.has_usable_password():
        url = reverse("accounts:password_set")
        return redirect(f"{url}?{urlencode({'next': nxt})}" if nxt else url)
    return redirect(nxt or resolve_url("home"))


@never_cache
@sensitive_post_parameters("password")
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request) or resolve_url("home"))
    form = LoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_with_password(
                phone=form.cleaned_data["phone"],
                password=form.cleaned_data["password"],
                ip=services.client_ip(request),
                request=request,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            auth_login(request, user)
            return _after_login(request, user)
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _code_flow(request, *, purpose: str):
    """Two steps on one page, for logging in and for registering by one-time code: ask for a code,
    then enter it. `next` is carried through both steps and followed when it stays on this site."""
    request_form, verify_form, template, url_name = CODE_PAGES[purpose]
    ctx = {"next": _next_url(request)}

    def verify_page(form, phone: str):
        return render(
            request,
            template,
            {
                **ctx,
                "step": "verify",
                "form": form,
                "phone": phone,
                "phone_masked": mask_mobile(phone),
                "demo_code": senders.demo_code_for(phone),  # the demo sender only; None otherwise
            },
        )

    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "verify":
        form = verify_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if purpose == services.REGISTER:
                    user, created = services.register_with_code(
                        phone=data["phone"], code=data["code"], name=data.get("name", "")
                    )
                else:
                    user, created = services.code_login(phone=data["phone"], code=data["code"]), False
            except ValidationError as e:
                form.add_error("code", e)
            else:
                auth_login(request, user, backend=MODEL_BACKEND)
                if purpose == services.REGISTER:
                    messages.success(
                        request,
                        _("注册成功，已为您登录。") if created else _("该手机号码已有账号，已为您登录。"),
                    )
                    return redirect(_next_url(request) or resolve_url("home"))
                return _after_login(request, user, offer_password=True)
        elif "phone" in form.errors:
            return redirect(url_name)
        return verify_page(form, form.cleaned_data.get("phone", ""))
    if step == "send":
        form = request_form(request.POST)
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            carried = verify_form(initial={"phone": phone, "name": form.cleaned_data.get("name", "")})
            try:
                sent = services.code_request(phone=phone, ip=services.client_ip(request), purpose=purpose)
            except ValidationError as e:
                if e.code == "too_soon":
                    # A code was sent a moment ago: let the person enter it.
                    messages.warning(request, e.messages[0])
                    return verify_page(carried, phone)
                form.add_error("phone", e)
                ctx.update(refused=e.code, phone=phone)
            else:
                messages.info(request, sent)
                return verify_page(carried, phone)
    else:
        form = request_form(initial={"phone": request.GET.get("phone", "")[:40]})
    return render(request, template, {**ctx, "step": "send", "form": form})


CODE_PAGES = {
    services.LOGIN: (CodeRequestForm, CodeLoginForm, "accounts/code_login.html", "accounts:code_login"),
    services.REGISTER: (RegisterRequestForm, RegisterForm, "accounts/register.html", "accounts:register"),
}


@never_cache
@sensitive_post_parameters("code")
def code_login_view(request):
    return _code_flow(request, purpose=services.LOGIN)


@never_cache
@sensitive_post_parameters("code")
def register_view(request):
    """A new account by phone code, for a visitor who came to order, volunteer or petition."""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request) or resolve_url("home"))
    return _code_flow(request, purpose=services.REGISTER)


@never_cache
@login_required
@sensitive_post_parameters("new_password1", "new_password2")
def password_set_view(request):
    """Offered after a code login to someone who has no password yet."""
    if request.user.has_usable_password():
        return redirect("accounts:password_change")
    form = NewPasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(
            user=request.user, password=form.cleaned_data["new_password1"], actor=request.user
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已设置，今后可以用手机号码和密码登录。"))
        return redirect(_next_url(request) or resolve_url("home"))
    return render(request, "accounts/password_set.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change_view(request):
    if not request.user.has_usable_password():
        return redirect("accounts:password_set")
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(
            user=request.user, password=form.cleaned_data["new_password1"], actor=request.user
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改。"))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


def _positions_page(request, *, form=None, status: int = 200):
    selectors.require_position_manager(request.user)
    org = None
    org_uuid = request.GET.get("org") or ""
    if org_uuid:
        org = contrib.org_get_for(request.user, org_uuid)
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    positions = selectors.position_list_for(request.user, org=org, role=role)
    page = Paginator(positions, 50).get_page(request.GET.get("page"))
    for p in page:
        p.phone_masked = mask_mobile(p.user.phone)
    grant_orgs = contrib.orgs_for_grant(request.user)
    if form is None:
        form = PositionGrantForm(orgs=grant_orgs, initial={"org": org.uuid if org else None})
    query = {k: v for k, v in {"org": org_uuid if org else "", "role": role}.items() if v}
    return render(
        request,
        "accounts/positions.html",
        {
            "positions": page,
            "page_obj": page,
            "form": form,
            "org": org,
            "role": role,
            "roles": Role.choices,
            "querystring_base": urlencode(query) + "&" if query else "",
            "query": urlencode(query),
        },
        status=status,
    )


@login_required
def positions_view(request):
    return _positions_page(request)


@login_required
@require_POST
def position_grant_view(request):
    selectors.require_position_manager(request.user)
    form = PositionGrantForm(request.POST, orgs=contrib.orgs_for_grant(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            position = services.position_grant_by_phone(
                org=data["org"],
                phone=data["phone"],
                name=data["name"],
                role=data["role"],
                title=data["title"],
                can_view_personal_data=data["can_view_personal_data"],
                actor=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("已授予%(user)s在%(org)s的“%(role)s”职务。")
                % {
                    "user": position.user.name or mask_mobile(position.user.phone),
                    "org": position.org.name,
                    "role": position.get_role_display(),
                },
            )
            return redirect(f"{reverse('accounts:positions')}?{urlencode({'org': position.org.uuid})}")
    return _positions_page(request, form=form)


@login_required
@require_POST
def position_revoke_view(request, pk: int):
    position = selectors.position_get_for(request.user, pk, write=True)
    try:
        services.position_revoke(position=position, actor=request.user)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(
            request,
            _("已撤销%(user)s在%(org)s的职务。")
            % {"user": position.user.name or mask_mobile(position.user.phone), "org": position.org.name},
        )
    nxt = _next_url(request)
    return redirect(nxt or "accounts:positions")


# ---------------------------------------------------------------- API tokens (我的接口令牌)


@never_cache
@login_required
def tokens_view(request):
    """The user's live bearer tokens (name, created, last used, expiry; never the key), with revoke buttons."""
    tokens = selectors.tokens_live_of(request.user)
    page = Paginator(tokens, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": page, "page_obj": page, "days": settings.GONGHUI_API_TOKEN_DAYS},
    )


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = selectors.token_get_for(request.user, pk)
    was_revoked = token.revoked
    services.token_revoke(token=token, actor=request.user)
    if was_revoked:  # a second click, or another tab: nothing left to do
        messages.info(request, _("令牌“%(name)s”已注销。") % {"name": token.name or _("接口令牌")})
    else:
        messages.success(
            request,
            _("已注销令牌“%(name)s”，使用它的应用需要重新登录。") % {"name": token.name or _("接口令牌")},
        )
    return redirect("accounts:tokens")


@login_required
@require_POST
def token_revoke_all_view(request):
    n = services.token_revoke_all(user=request.user, actor=request.user)
    if n:
        messages.success(request, _("已注销全部%(n)d个令牌，所有应用都需要重新登录。") % {"n": n})
    else:
        messages.info(request, _("没有需要注销的令牌。"))
    return redirect("accounts:tokens")
