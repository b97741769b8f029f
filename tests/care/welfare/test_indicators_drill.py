"""Where the welfare figures of the glance lead: the gifts to the batches they were handed out
from, the condolences to the requests they count, for the org and period of the tile."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.care.models import CondolenceRequest, WelfareGift
from gonghui.care.services import welfare as svc
from gonghui.core import indicators
from gonghui.orgs.models import OrgKind
from gonghui.orgs.services import org_create
from tests.care.welfare.conftest import make_batch
from tests.drilled import open_drilled
from tests.factories import make_member

pytestmark = pytest.mark.django_db
GIFTS = ("care.welfare.gifts_handed_out", "care.welfare.gift_value")
CONDOLENCES = ("care.welfare.condolences", "care.welfare.condolence_amount")


def _period() -> indicators.Period:
    today = timezone.localdate()
    return indicators.Period(today - datetime.timedelta(days=30), today)


def _liuxi_union(w):
    """A union under the other township: rows of the county outside the township's subtree."""
    return org_create(
        name="柳溪乡纺织厂工会", kind=OrgKind.GRASSROOTS, parent=w.other_township, check_scope=False
    )


def test_each_welfare_figure_opens_the_list_it_counts(world):
    period = _period()
    query = f"?org={world.township.uuid}&start={period.start.isoformat()}&end={period.end.isoformat()}"
    for key in GIFTS:
        assert indicators.get(key).drill(world.township, period) == reverse("care:welfare_batches") + query
    for key in CONDOLENCES:
        assert indicators.get(key).drill(world.township, period) == reverse("care:welfare_requests") + query


def _hand_out(batch, member, actor):
    svc.batch_compute(batch=batch)
    gift = WelfareGift.objects.select_related("batch").get(batch=batch, member=member)
    return svc.gift_confirm(gift=gift, actor=actor)


def test_the_gifts_tiles_open_the_batches_they_were_handed_out_from(county_rules, login):
    """普惠慰问品发放 for a township and a period lists the batches of the gifts handed out there then:
    not another township's, not one whose gifts are only reserved, not one handed out before."""
    w = county_rules
    counted = make_batch(w, title="城关春节慰问")
    _hand_out(counted, w.member, w.enterprise_cadre)
    far = make_member(_liuxi_union(w), name="柳溪会员")
    _hand_out(make_batch(w, org=far.org, actor=w.county_cadre, title="柳溪春节慰问"), far, w.county_cadre)
    svc.batch_compute(batch=make_batch(w, title="城关端午慰问"))  # reserved, not handed out
    old = make_batch(w, title="城关去年慰问")
    gift = _hand_out(old, w.member, w.enterprise_cadre)
    WelfareGift.objects.filter(pk=gift.pk).update(handed_out_at=timezone.now() - datetime.timedelta(days=60))
    period = _period()
    got = indicators.figures(w.township, period, keys=GIFTS)
    assert got == {"care.welfare.gifts_handed_out": 1, "care.welfare.gift_value": 300.0}
    open_drilled(
        login(w.county_cadre),
        indicators.get(GIFTS[0]).drill(w.township, period),
        reverse("care:welfare_batches"),
        org=w.township,
        shown=["城关春节慰问"],
        hidden=["柳溪春节慰问", "城关端午慰问", "城关去年慰问"],
        other_county=w.other_county,
    )


def _request(member, actor, **extra):
    return svc.condolence_request_create(
        member=member,
        occasion="hospital",
        event_date=timezone.localdate(),
        amount=extra.pop("amount", "800"),
        form="goods",
        case_ref=extra.pop("case_ref", "阑尾炎手术"),
        reason="住院治疗一周",
        actor=actor,
    )


def test_the_condolence_tiles_open_the_requests_they_counted(county_rules, login):
    """慰问申请批准 for a township and a period lists the requests approved there then: not another
    township's, not one still waiting, not one approved before."""
    w = county_rules
    approved = _request(w.member, w.enterprise_cadre)
    svc.condolence_request_act(request=approved, action="approve", actor=w.township_cadre)
    svc.condolence_request_act(request=approved, action="approve", actor=w.county_cadre)
    _request(make_member(w.union, name="赵待审"), w.enterprise_cadre)  # at the township's verification
    far = _request(make_member(_liuxi_union(w), name="钱柳溪"), w.county_cadre, amount="600")
    old = _request(make_member(w.union, name="孙去年"), w.enterprise_cadre, amount="500")
    CondolenceRequest.objects.filter(pk=far.pk).update(state="approved", decided_at=timezone.now())
    CondolenceRequest.objects.filter(pk=old.pk).update(
        state="approved", decided_at=timezone.now() - datetime.timedelta(days=60)
    )
    period = _period()
    got = indicators.figures(w.township, period, keys=CONDOLENCES)
    assert got == {"care.welfare.condolences": 1, "care.welfare.condolence_amount": 800.0}
    open_drilled(
        login(w.county_cadre),
        indicators.get(CONDOLENCES[0]).drill(w.township, period),
        reverse("care:welfare_requests"),
        org=w.township,
        shown=[w.member.name],
        hidden=["赵待审", "钱柳溪", "孙去年"],
        other_county=w.other_county,
    )
