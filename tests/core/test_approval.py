"""The approval chain (core.approval): levels by org kind, who may act, deadlines, return and reject.

A test-only record (`Proposal`) carries the chain; its table is made for this module only.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models

from gonghui.core import approval
from gonghui.core.models import Notification
from gonghui.orgs.models import OrgKind
from gonghui.orgs.services import org_create
from tests.factories import make_cadre

CHAIN = approval.Chain(
    name="proposal",
    subject="测试申请",
    levels=[
        approval.Level("verify", "乡镇审核", kinds=(OrgKind.TOWNSHIP, OrgKind.STREET, OrgKind.PARK), days=5),
        approval.Level("approve", "县总审批", kinds=(OrgKind.FEDERATION,), days=10),
    ],
)


class Proposal(approval.ApprovalFields):
    # DO_NOTHING on every relation: the model is registered for the whole session but its table
    # exists for this module only, so deleting an org or a user elsewhere must not look for proposals.
    org = models.ForeignKey("orgs.Org", on_delete=models.DO_NOTHING, related_name="+")
    approval_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+"
    )
    title = models.CharField(max_length=50)

    class Meta:
        app_label = "core"

    def __str__(self) -> str:
        return self.title


@pytest.fixture(scope="module", autouse=True)
def proposal_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Proposal)
    yield
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.delete_model(Proposal)


@pytest.fixture(autouse=True)
def _fresh_content_types():
    # The test model's content type is made in each test's transaction and rolled back with it.
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def _proposal(org) -> Proposal:
    return Proposal.objects.create(org=org, title="王师傅困难申请")


def test_a_proposal_goes_up_level_by_level_to_approved(world):
    p = _proposal(world.union)
    CHAIN.submit(p, actor=world.enterprise_cadre)
    assert p.state == "at_verify" and p.approval_org == world.township
    assert p.approval_due > datetime.date.today()
    # The township's cadre is told.
    assert Notification.objects.filter(recipient=world.township_cadre, title="测试申请待乡镇审核").exists()

    CHAIN.approve(p, actor=world.township_cadre, note="属实")
    p.refresh_from_db()
    assert p.state == "at_approve" and p.approval_org == world.county and p.approval_path == world.county.path

    CHAIN.approve(p, actor=world.county_cadre)
    p.refresh_from_db()
    assert p.state == approval.APPROVED and p.approval_org is None and p.decided_at is not None
    assert [h.to_state for h in CHAIN.history(p)] == ["at_verify", "at_approve", "approved"]
    assert [s.status for s in CHAIN.steps(p)] == ["done", "done"]
    assert Notification.objects.filter(recipient=world.enterprise_cadre, title="测试申请已批准").exists()


def test_a_higher_cadre_cannot_act_for_a_lower_level(world):
    p = _proposal(world.union)
    CHAIN.submit(p, actor=world.enterprise_cadre)
    with pytest.raises(PermissionDenied):
        CHAIN.approve(p, actor=world.county_cadre)
    p.refresh_from_db()
    assert p.state == "at_verify"
    assert not CHAIN.may_act(world.county_cadre, p) and CHAIN.may_act(world.township_cadre, p)


def test_wrong_users_cannot_submit_or_act(world):
    p = _proposal(world.union)
    for stranger in (world.outsider, world.member_user, world.joint_cadre):
        with pytest.raises(PermissionDenied):
            CHAIN.submit(p, actor=stranger)
    CHAIN.submit(p, actor=world.enterprise_cadre)
    for stranger in (world.viewer, world.outsider, world.enterprise_cadre, world.other_township_cadre):
        with pytest.raises(PermissionDenied):
            CHAIN.approve(p, actor=stranger)


@pytest.fixture
def world(world):
    world.other_township_cadre = make_cadre(world.other_township, name="吴敏")
    return world


def test_a_level_without_an_org_above_is_skipped(world):
    direct = org_create(name="县直机关工会", kind=OrgKind.GRASSROOTS, parent=world.county, check_scope=False)
    p = _proposal(direct)
    CHAIN.submit(p, actor=world.county_cadre)
    assert p.state == "at_approve" and p.approval_org == world.county
    assert [s.status for s in CHAIN.steps(p)] == ["skipped", "current"]


def test_a_park_verifies_for_its_joint_union(world):
    p = _proposal(world.park_joint)
    CHAIN.submit(p, actor=world.county_cadre)
    assert p.approval_org == world.park


def test_send_back_needs_a_reason_and_returns_to_the_proposer(world):
    p = _proposal(world.union)
    CHAIN.submit(p, actor=world.enterprise_cadre)
    with pytest.raises(ValidationError) as e:
        CHAIN.send_back(p, actor=world.township_cadre, reason="  ")
    assert "理由" in str(e.value)
    p.refresh_from_db()
    assert p.state == "at_verify"

    CHAIN.send_back(p, actor=world.township_cadre, reason="缺少收入证明")
    p.refresh_from_db()
    assert p.state == approval.RETURNED and p.approval_org is None
    assert [s.status for s in CHAIN.steps(p)] == ["returned", "later"]
    assert Notification.objects.filter(recipient=world.enterprise_cadre, body="缺少收入证明").exists()
    # Corrected and submitted again: from the first level.
    CHAIN.submit(p, actor=world.enterprise_cadre)
    assert p.state == "at_verify"


def test_reject_is_final(world):
    p = _proposal(world.union)
    CHAIN.submit(p, actor=world.enterprise_cadre)
    CHAIN.approve(p, actor=world.township_cadre)
    CHAIN.reject(p, actor=world.county_cadre, reason="不符合条件")
    p.refresh_from_db()
    assert p.state == approval.REJECTED and CHAIN.is_final(p)
    assert [s.status for s in CHAIN.steps(p)] == ["done", "rejected"]
    with pytest.raises(ValidationError):
        CHAIN.submit(p, actor=world.enterprise_cadre)


def test_approving_twice_is_refused(world):
    p = _proposal(world.union)
    CHAIN.submit(p, actor=world.enterprise_cadre)
    stale = Proposal.objects.get(pk=p.pk)
    CHAIN.approve(p, actor=world.township_cadre)
    # A second click on a page loaded before the first: the level has moved on.
    with pytest.raises(PermissionDenied):
        CHAIN.approve(stale, actor=world.township_cadre)
    p.refresh_from_db()
    assert p.state == "at_approve"
    assert len(CHAIN.history(p)) == 2


def test_withdraw_by_the_proposer(world):
    p = _proposal(world.union)
    CHAIN.submit(p, actor=world.enterprise_cadre)
    with pytest.raises(PermissionDenied):
        CHAIN.withdraw(p, actor=world.outsider)
    CHAIN.withdraw(p, actor=world.enterprise_cadre)
    p.refresh_from_db()
    assert p.state == approval.DRAFT and p.approval_org is None


def test_awaiting_and_overdue(world):
    mine, other = _proposal(world.union), _proposal(world.union)
    CHAIN.submit(mine, actor=world.enterprise_cadre)
    CHAIN.submit(other, actor=world.enterprise_cadre)
    CHAIN.approve(other, actor=world.township_cadre)
    assert set(Proposal.objects.filter(CHAIN.awaiting_q(world.township_cadre))) == {mine}
    assert set(Proposal.objects.filter(CHAIN.awaiting_q(world.county_cadre))) == {other}
    assert not Proposal.objects.filter(CHAIN.awaiting_q(world.viewer)).exists()
    late = mine.approval_due + datetime.timedelta(days=1)
    assert set(Proposal.objects.filter(CHAIN.overdue_q(late))) >= {mine}
    assert not Proposal.objects.filter(CHAIN.overdue_q(datetime.date.today())).exists()
    assert CHAIN.is_overdue(mine, late) and not CHAIN.is_overdue(mine)


def test_actions_offer_only_what_the_user_may_do(world):
    p = _proposal(world.union)
    assert [a[0] for a in CHAIN.actions(p, world.enterprise_cadre)] == ["submit"]
    CHAIN.submit(p, actor=world.enterprise_cadre)
    assert {a[0] for a in CHAIN.actions(p, world.township_cadre)} == {"approve", "send_back", "reject"}
    assert [a[0] for a in CHAIN.actions(p, world.enterprise_cadre)] == ["withdraw"]
    assert CHAIN.actions(p, world.outsider) == []
    assert CHAIN.label("at_verify") == "待乡镇审核"


def test_the_steps_snippet_shows_levels_orgs_and_history(world):
    from django.template.loader import render_to_string

    p = _proposal(world.union)
    CHAIN.submit(p, actor=world.enterprise_cadre)
    CHAIN.send_back(p, actor=world.township_cadre, reason="缺少收入证明")
    html = render_to_string(
        "core/approval_steps.html", {"steps": CHAIN.steps(p), "timeline": CHAIN.timeline(p)}
    )
    assert "乡镇审核" in html and "城关镇工会" in html and "安平县总工会" in html
    assert "已退回" in html and "缺少收入证明" in html and "退回" in html and "李秀英" in html
