"""Care: retirement honors — pages (form → access → service → render)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.care.forms.honors import CeremonyForm, CertificateTemplateForm, HonoureeForm
from gonghui.care.selectors import honors as selectors
from gonghui.care.services import honors as services
from gonghui.core import documents
from gonghui.core.pages import apply_errors, querystring
from gonghui.core.scoping import can_manage, is_cadre
from gonghui.members.selectors.lifecycle import member_get_for
from gonghui.orgs.selectors import drilled


@login_required
def ceremony_list(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    drill = drilled(request.user, request.GET)
    page = Paginator(selectors.ceremonies_for(request.user, drilled=drill), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "care/honors/list.html",
        {"page_obj": page, "drilled": drill, "querystring_base": querystring(request)},
    )


@login_required
def ceremony_create(request):
    if not is_cadre(request.user):
        raise PermissionDenied
    form = CeremonyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ceremony = services.ceremony_create(
                org=data["org"],
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("荣退仪式已创建。"))
            return redirect(ceremony)
    return render(request, "care/honors/form.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(request, ceremony, form=None):
    today = timezone.localdate()
    return {
        "ceremony": ceremony,
        "honourees": list(selectors.honourees_of(ceremony)),
        "candidates": selectors.candidates_for(ceremony),
        "manage": can_manage(request.user, ceremony.org),
        "form": form,
        "today": today,
    }


@login_required
def ceremony_detail(request, uuid):
    ceremony = selectors.ceremony_get_for(request.user, uuid)
    return render(request, "care/honors/detail.html", _detail_context(request, ceremony))


@login_required
@require_POST
def honouree_add(request, uuid):
    ceremony = selectors.ceremony_get_for(request.user, uuid, write=True)
    form = HonoureeForm(request.POST)
    if form.is_valid():
        # a member outside the cadre's scope looks the same as none (404)
        member = member_get_for(request.user, form.cleaned_data["member"], write=True)
        try:
            services.honouree_add(
                ceremony=ceremony,
                member=member,
                retired_on=form.cleaned_data["retired_on"],
                actor=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已列入荣退名单，会籍保留为退休状态。"))
            return redirect(ceremony)
    return render(
        request, "care/honors/detail.html", _detail_context(request, ceremony, form=form), status=400
    )


@login_required
def certificate(request, uuid):
    honouree = selectors.honouree_get_for(request.user, uuid)
    return documents.docx_response(
        services.certificate_filename(honouree), services.certificate_docx(honouree)
    )


@login_required
def my_certificates(request):
    return render(
        request, "care/honors/mine.html", {"honours": list(selectors.my_certificates(request.user))}
    )


@login_required
def certificate_template(request):
    """An org's own certificate template (core.documents): download the one that applies, edit it
    in Word, upload it for the org and its subtree."""
    if not is_cadre(request.user):
        raise PermissionDenied
    form = CertificateTemplateForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > documents.MAX_TEMPLATE_BYTES:
                raise ValidationError({"file": _("模板文件不能超过5MB。")})
            documents.template_save(
                key=services.CERTIFICATE,
                org=form.cleaned_data["org"],
                content=upload.read(),
                filename=upload.name,
                actor=request.user,
            )
        except ValidationError as e:
            if hasattr(e, "error_dict") and "content" in e.error_dict:
                e = ValidationError({"file": e.error_dict["content"]})
            apply_errors(form, e)
        else:
            messages.success(request, _("证书模板已保存，该组织及下级的荣退证书将使用此模板。"))
            return redirect("care:honors_template")
    return render(request, "care/honors/template.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def certificate_template_download(request):
    """The template that applies to one of the cadre's orgs (?org=<id>), or the default."""
    if not is_cadre(request.user):
        raise PermissionDenied
    org = None
    if request.GET.get("org"):
        from gonghui.orgs.selectors import manageable_orgs

        org = (
            manageable_orgs(request.user).filter(pk=request.GET["org"]).first()
            if request.GET["org"].isdigit()
            else None
        )
        if org is None:
            raise Http404
    content = documents.template_for(services.CERTIFICATE, org=org)
    return documents.docx_response(_("荣退证书模板.docx"), content)
