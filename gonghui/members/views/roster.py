"""The roster pages: search and filter, Excel export, Excel import (a background job) and its template."""

import secrets
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from gonghui.core import rows
from gonghui.core.pages import row_url_pattern
from gonghui.core.pii import mask_mobile
from gonghui.core.xlsx import xlsx_response
from gonghui.members.forms.roster import (
    RosterFilterForm,
    RosterImportForm,
    upload_limit_bytes,
    upload_too_large_message,
)
from gonghui.members.models import Member
from gonghui.members.selectors import roster as sel
from gonghui.members.services import roster_export as exporter
from gonghui.members.services import roster_import as importer


def _forbidden(request, message: str) -> HttpResponse:
    return render(request, "members/roster_forbidden.html", {"message": message}, status=403)


def _roster_guard(request) -> HttpResponse | None:
    try:
        sel.require_roster_access(request.user)
    except PermissionDenied:
        return _forbidden(request, _("名册仅供工会干部使用。如需查看本人会籍，请进入“我的”页面。"))
    return None


SEARCH_SESSION_KEY = "roster_searches"


def _remember_search(request, q: str) -> str:
    """Keep the search text in the session and return an opaque key for the URL (`qk`).

    ID and mobile numbers typed into the search must not travel in URLs: they would land in
    access logs and browser history.
    """
    searches = dict(request.session.get(SEARCH_SESSION_KEY, {}))
    key = secrets.token_urlsafe(6)
    searches[key] = q
    request.session[SEARCH_SESSION_KEY] = dict(list(searches.items())[-20:])
    return key


def _filter_data(request):
    """The GET filters, with the search text restored from the session when the URL carries `qk`."""
    data = request.GET.copy()
    key = data.pop("qk", [""])[-1]
    if key:
        data["q"] = request.session.get(SEARCH_SESSION_KEY, {}).get(key, "")
    return data


def _filter_from(request, form_class, **form_kwargs) -> tuple[object, sel.RosterFilter, int]:
    data = _filter_data(request)
    form = form_class(data or None, **form_kwargs)
    form.is_valid()  # a bad value drops that filter only: cleaned_data keeps the valid ones
    data = getattr(form, "cleaned_data", {})
    org = sel.org_in_scope_or_404(request.user, data["org"]) if data.get("org") else None
    f = sel.RosterFilter(
        q=data.get("q", ""),
        org=org,
        status=data.get("status", ""),
        new_form=data.get("new_form", ""),
        job_type=data.get("job_type", ""),
    )
    return form, f, data.get("page_size") or sel.PAGE_SIZE


def _search_redirect(request, source) -> HttpResponse:
    """Redirect to the roster with the filters in the URL and the search text behind a session key."""
    params = {k: v for k, v in source.items() if v and k not in ("q", "qk", "page", "csrfmiddlewaretoken")}
    q = (source.get("q") or "").strip()
    if q:
        params["qk"] = _remember_search(request, q)
    url = reverse("members:roster")
    return redirect(f"{url}?{urlencode(params)}" if params else url)


ROSTER_ROW = rows.Row(
    '<tr><td><a href="{url}">{name}</a></td><td>{member_no}</td><td>{id_number}</td><td>{mobile}</td>'
    '<td>{org}</td><td>{job_type}</td><td><span class="badge {status}">{status_label}</span></td>'
    "<td>{joined_on}</td></tr>"
)
_NO_JOB_TYPE = mark_safe('<span class="muted">—</span>')


def roster_rows(members: Iterable[dict]) -> SafeString:
    """The roster table's rows (members/roster.html) from sel.ROSTER_ROW_FIELDS: ID and mobile
    numbers masked, each name a link to the member's page."""
    url = row_url_pattern("members:detail")
    job_types, statuses, day = rows.labels(Member, "job_type"), rows.labels(Member, "status"), rows.days()
    return ROSTER_ROW.draw(
        {
            "url": url.format(m["uuid"]),
            "name": m["name"],
            "member_no": m["member_no"],
            "id_number": m["id_number_masked"],
            "mobile": mask_mobile(m["mobile"]),
            "org": m["org__name"],
            "job_type": job_types.get(m["job_type"], m["job_type"]) if m["job_type"] else _NO_JOB_TYPE,
            "status": m["status"],
            "status_label": statuses.get(m["status"], m["status"]),
            "joined_on": day(m["joined_on"]),
        }
        for m in members
    )


@login_required
def roster(request):
    if (denied := _roster_guard(request)) is not None:
        return denied
    if request.method == "POST":
        return _search_redirect(request, request.POST)
    if sel.is_personal_number(request.GET.get("q", "")):
        return _search_redirect(request, request.GET)
    orgs = sel.orgs_for_filter(request.user)
    form, f, page_size = _filter_from(request, RosterFilterForm, orgs=orgs)
    listed = sel.roster_rows(request.user, f)
    page = Paginator(listed, page_size).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "members/roster.html",
        {
            "form": form,
            "page_obj": page,
            "members": page.object_list,
            "rows": listed.kept.drawn(page.object_list, roster_rows),
            "querystring_base": urlencode(params) + "&" if params else "",
            "export_query": urlencode({k: v for k, v in params.items() if k != "page_size"}),
            "can_import": sel.can_import(request.user),
            "offers_full_export": sel.offers_full_export(request.user, f.org),
            "inline_rows": f"{exporter.INLINE_ROWS:,}",
            "filtered_org": f.org,
        },
    )


@login_required
def roster_export(request):
    """The current filter as .xlsx; masked unless `full=1` and the user may see personal data of every
    union in it. A large roster is written by a background job (services/roster_export.py)."""
    if (denied := _roster_guard(request)) is not None:
        return denied
    _form, f, _size = _filter_from(request, RosterFilterForm)
    try:
        started = exporter.export_request(user=request.user, f=f, full=request.GET.get("full") == "1")
    except PermissionDenied:
        return _forbidden(request, _("您没有查看完整个人信息的权限，只能导出脱敏名册。"))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(reverse("members:roster") + (f"?{request.GET.urlencode()}" if request.GET else ""))
    if started.job is not None:
        return redirect("core:job_detail", job_uuid=started.job.uuid)
    return xlsx_response(exporter.file_name(full=request.GET.get("full") == "1"), started.content)


@login_required
def roster_template(request):
    if (denied := _roster_guard(request)) is not None:
        return denied
    return xlsx_response(_("会员名册导入模板") + ".xlsx", importer.roster_template())


class _UploadLimit(FileUploadHandler):
    """Stops reading a request body that grows past the upload limit (a missing or false Content-Length)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit, self.received = limit, 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _too_large(request) -> HttpResponse:
    form = RosterImportForm(unions=sel.unions_for_import(request.user))
    return render(
        request,
        "members/roster_import.html",
        {"form": form, "max_rows": f"{importer.MAX_ROWS:,}", "upload_error": upload_too_large_message()},
        status=413,
    )


@csrf_exempt  # the CSRF check reads the body: the size is checked first, then csrf_protect runs
@login_required
def roster_import(request):
    """Upload a roster: it is saved outside the web root and imported by a background job.

    An upload over the limit is refused from its Content-Length, before the body is read (the
    CSRF middleware would read it all to look for the token), and a body that grows past it while
    being read is cut off."""
    if (denied := _roster_guard(request)) is not None:
        return denied
    if request.method == "POST":
        limit = upload_limit_bytes() + _FORM_OVERHEAD
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return _too_large(request)
        request.upload_handlers.insert(0, _UploadLimit(request, limit))
    return _roster_import(request)


_FORM_OVERHEAD = 64 * 1024  # the multipart envelope and the other fields around the file


@csrf_protect
def _roster_import(request):
    unions = sel.unions_for_import(request.user)
    if not unions.exists():
        return _forbidden(request, _("您没有管理任何可直接发展会员的工会，不能导入名册。"))
    if request.method == "POST":
        files = request.FILES  # the body is read (by csrf_protect already) through the limiter
        limiter = request.upload_handlers[0]
        if isinstance(limiter, _UploadLimit) and limiter.received > limiter.limit and not files:
            return _too_large(request)
    form = RosterImportForm(request.POST or None, request.FILES or None, unions=unions)
    if request.method == "POST" and form.is_valid():
        try:
            job, _created = importer.import_start(
                org=form.cleaned_data["org"], upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("core:job_detail", job_uuid=job.uuid)
    return render(request, "members/roster_import.html", {"form": form, "max_rows": f"{importer.MAX_ROWS:,}"})
