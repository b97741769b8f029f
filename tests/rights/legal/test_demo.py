"""The legal-aid demo: every channel, every stage, recovered wages, a lawyer with a conflict; loads once."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gonghui.demo import rights_legal
from gonghui.rights.models import Consultation, Lawyer, LegalCase
from gonghui.rights.services import legal as svc

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_channel_and_stage_and_loads_once():
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", "60", stdout=out)
    assert "法律援助" in out.getvalue()
    assert set(Consultation.objects.values_list("channel", flat=True)) == {"hotline", "station", "online"}
    assert set(LegalCase.objects.values_list("state", flat=True)) == {
        "consult",
        "mediation",
        "arbitration",
        "litigation",
        "closed",
    }
    closed = LegalCase.objects.get(state="closed")
    assert closed.amount_recovered > 0 and closed.satisfaction == 5
    assert LegalCase.objects.filter(worker_user__phone="13800000005").exists()
    adviser = Lawyer.objects.get(name="吴立信")
    case = LegalCase.objects.filter(state="consult", enterprise__isnull=False).first()
    with pytest.raises(ValidationError, match="利益冲突"):
        svc.case_assign_lawyer(case=case, lawyer=adviser, actor=case.created_by)
    before = LegalCase.objects.count()
    assert rights_legal.load() == []
    assert LegalCase.objects.count() == before
