"""The Django admin: what a platform admin sees and may change (DESIGN.md: platform admin).

Configuration opens; people's records (members, diaries, petitions, problems, orders, volunteers)
are not there at all. No admin form moves an org-owned record to another org or changes a
workflow state, and every admin change is audited like the pages' changes.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.core.admin import GonghuiAdmin, NormalizedCharField
from gonghui.core.models import AuditEntry
from gonghui.members.models import Member
from gonghui.servicedesk.models import BusTrip, MenuItem, PartnerUnit, ServiceTeam


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("13999999999", "Admin-pass-2026", name="平台管理员")


@pytest.fixture
def admin_client(client, desk, superuser):
    client.force_login(superuser)
    return client


def _audit(obj, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, action=action
    )


CONFIGURATION = [
    "orgs/org",
    "orgs/enterprise",
    "orgs/newformroute",
    "orgs/orgmembertally",
    "accounts/user",
    "accounts/position",
    "accounts/apitoken",
    "auth/group",
    "servicedesk/menuitem",
    "servicedesk/serviceteam",
    "servicedesk/desksettings",
    "servicedesk/partnerunit",
    "servicedesk/bustrip",
    "core/calendarday",
    "core/job",
    "core/documenttemplate",
    "core/auditentry",
    "volunteers/volunteerteam",
    "volunteers/alliance",
    "volunteers/volunteertask",
]


@pytest.mark.parametrize("model", CONFIGURATION)
def test_configuration_pages_open(admin_client, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200


PERSONAL = [
    "members/member",
    "members/joinapplication",
    "members/transferrequest",
    "members/datarequest",
    "servicedesk/diaryentry",
    "servicedesk/petition",
    "servicedesk/problem",
    "servicedesk/serviceorder",
    "servicedesk/dialoguemeeting",
    "volunteers/volunteer",
    "volunteers/signup",
    "core/notification",
]


@pytest.mark.parametrize("model", PERSONAL)
def test_a_superuser_cannot_open_peoples_records(admin_client, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 404
    assert admin_client.get(f"/admin/{model}/1/change/", follow=True).status_code == 404


def test_the_index_lists_no_personal_records(admin_client, desk):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/servicedesk/menuitem/" in html
    for model in PERSONAL:
        assert f"/admin/{model}/" not in html
    assert desk.member.name not in html


def test_every_admin_uses_the_base_class():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, GonghuiAdmin), model


def test_no_admin_edits_the_org_or_state_of_an_existing_record(superuser, desk):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    guarded = 0
    for model, model_admin in admin.site._registry.items():
        names = {f.name for f in model._meta.get_fields()}
        obj = model.objects.first() or model()
        if not model_admin.has_change_permission(request, obj):
            continue
        if "org" in names:
            assert "org" in model_admin.get_readonly_fields(request, obj), model
            guarded += 1
        if "state" in names:
            assert "state" in model_admin.get_readonly_fields(request, obj), model
            assert "state" in model_admin.get_readonly_fields(request, None), model
    assert guarded >= 8  # menu items, teams, units, trips, settings, positions, volunteer teams, tasks …


def test_the_admin_changing_an_org_moves_nothing_and_is_audited(admin_client, desk, superuser):
    team = desk.legal_team
    response = admin_client.post(
        reverse("admin:servicedesk_serviceteam_change", args=[team.pk]),
        {
            "org": desk.other_county.pk,
            "name": "法安先锋队",
            "description": team.description,
            "leader": team.leader_id,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, _errors(response)
    team.refresh_from_db()
    assert team.name == "法安先锋队"
    assert team.org_id == desk.county.pk and team.org_path == desk.county.path
    assert ServiceTeam.objects.visible_to(desk.county_cadre).filter(pk=team.pk).exists()
    assert not ServiceTeam.objects.visible_to(desk.outsider).filter(pk=team.pk).exists()
    entry = _audit(team, "admin_change").get()
    assert entry.actor == superuser
    assert entry.changes == {"name": ["法安先锋", "法安先锋队"]}
    assert entry.org_id == desk.county.pk


def test_the_admin_cannot_change_a_workflow_state_or_delete_a_workflow_record(admin_client, desk):
    trip = BusTrip.objects.create(org=desk.county, title="送服务进园区", date="2027-03-01")
    form = admin_client.get(reverse("admin:servicedesk_bustrip_change", args=[trip.pk])).content.decode()
    assert 'name="state"' not in form and 'name="org"' not in form
    response = admin_client.post(
        reverse("admin:servicedesk_bustrip_change", args=[trip.pk]),
        {
            "title": "送服务进园区",
            "date": "2027-03-01",
            "vehicle": "",
            "state": BusTrip.State.DONE,
            "summary": "",
            "stops-TOTAL_FORMS": "0",
            "stops-INITIAL_FORMS": "0",
            "stops-MIN_NUM_FORMS": "0",
            "stops-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, _errors(response)
    trip.refresh_from_db()
    assert trip.state == BusTrip.State.PLANNED
    assert admin_client.get(reverse("admin:servicedesk_bustrip_delete", args=[trip.pk])).status_code == 403


def test_admin_additions_and_deletions_are_audited(admin_client, desk, superuser):
    response = admin_client.post(
        reverse("admin:servicedesk_menuitem_add"),
        {
            "org": desk.county.pk,
            "title": "心理疏导",
            "category": MenuItem._meta.get_field("category").choices[0][0],
            "description": "",
            "duration_minutes": "60",
            "serves_people": "20",
            "for_workers": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = MenuItem.objects.get(title="心理疏导")
    assert item.org_path == desk.county.path
    added = _audit(item, "admin_add").get()
    assert added.actor == superuser and added.changes["title"] == [None, "心理疏导"]

    unit = PartnerUnit.objects.create(org=desk.county, name="安平县人社局")
    response = admin_client.post(
        reverse("admin:servicedesk_partnerunit_delete", args=[unit.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not PartnerUnit.objects.filter(pk=unit.pk).exists()
    deleted = AuditEntry.objects.get(action="admin_delete", object_id=unit.pk)
    assert deleted.actor == superuser and deleted.changes == {"record": ["安平县人社局", None]}


def test_a_password_set_in_the_admin_is_audited_without_the_password(admin_client, desk):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[desk.worker.pk]),
        {"password1": "Xin-mima-2027号", "password2": "Xin-mima-2027号", "usable_password": "true"},
    )
    assert response.status_code == 302
    entry = _audit(desk.worker, "admin_change").get()
    assert entry.changes == {"password": ["***", "***"]}
    assert "Xin-mima" not in str(AuditEntry.objects.values_list("changes", flat=True))


def test_identity_fields_typed_in_admin_forms_are_normalised(superuser):
    field = GonghuiAdmin(Member, admin.site).formfield_for_dbfield(Member._meta.get_field("mobile"), None)
    assert isinstance(field, NormalizedCharField)
    assert field.clean(" 139 0000 1234 ") == "13900001234"
    with pytest.raises(Exception) as e:
        field.clean("12345")
    assert "手机号码应为以1开头的11位数字" in str(e.value)


def test_admin_user_phone_is_normalised(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "phone": "+86 139 0000 5678",
            "name": "新管理员",
            "usable_password": "true",
            "password1": "Hongqi-lu-88号",
            "password2": "Hongqi-lu-88号",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(phone="13900005678").exists()


def test_the_org_admin_is_read_only(admin_client):
    assert admin_client.get(reverse("admin:orgs_org_add")).status_code == 403


def _errors(response):
    form = response.context["adminform"].form
    return form.errors, [
        (f.formset.prefix, f.formset.errors) for f in response.context["inline_admin_formsets"]
    ]


def test_an_inline_change_is_audited_on_its_parent(admin_client, desk, superuser):
    team = desk.health_team
    response = admin_client.post(
        reverse("admin:servicedesk_serviceteam_change", args=[team.pk]),
        {
            "name": team.name,
            "description": "",
            "leader": team.leader_id,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": desk.volunteer_user.pk,
            "memberships-0-kind": "volunteer",
            "memberships-0-team": team.pk,
        },
    )
    assert response.status_code == 302, _errors(response)
    entry = _audit(team, "admin_change").get()
    assert entry.actor == superuser and list(entry.changes) == ["serviceteammember"]
    assert entry.changes["serviceteammember"][0] is None


def test_an_admin_uploads_a_template_that_fills_and_only_such_a_one(admin_client, desk, superuser):
    """A platform admin replaces a certificate's template for a county's subtree from the admin;
    a file that is not a .docx, or one whose tags do not fill, is refused beside the field."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.care.services.honors import CERTIFICATE
    from gonghui.core import documents
    from gonghui.core.models import DocumentTemplate

    add = reverse("admin:core_documenttemplate_add")
    page = admin_client.get(add).content.decode()
    assert "荣退证书" in page and 'name="upload"' in page

    def post(content: bytes, name="证书.docx", url=add):
        upload = SimpleUploadedFile(name, content, content_type=documents.DOCX_TYPE)
        return admin_client.post(url, {"key": CERTIFICATE, "org": desk.county.pk, "upload": upload})

    refused = post(b"not a word file", name="证书.pdf")
    assert refused.status_code == 200 and "请上传Word文档（.docx）格式的模板" in refused.content.decode()
    assert not DocumentTemplate.objects.exists()

    good = documents.default_template(CERTIFICATE)
    assert post(good).status_code == 302
    row = DocumentTemplate.objects.get()
    assert (row.key, row.org, row.org_path, row.filename) == (
        CERTIFICATE,
        desk.county,
        desk.county.path,
        "证书.docx",
    )
    assert bytes(row.content) == good and row.uploaded_by == superuser
    assert _audit(row, "admin_add").exists()
    assert documents.override_for(CERTIFICATE, org=desk.township).pk == row.pk  # the county's subtree

    from docx import Document

    broken = Document(io.BytesIO(good))
    broken.add_paragraph("{{ name ")  # a tag Word split or mistyped
    buf = io.BytesIO()
    broken.save(buf)
    change = reverse("admin:core_documenttemplate_change", args=[row.pk])
    response = post(buf.getvalue(), url=change)
    assert response.status_code == 200 and "模板无法填写" in response.content.decode()
    row.refresh_from_db()
    assert bytes(row.content) == good  # the template in place stays
    listing = admin_client.get(reverse("admin:core_documenttemplate_changelist")).content.decode()
    assert "证书.docx" in listing
