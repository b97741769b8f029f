"""The demo's contracts: two enterprise contracts and the park's regional one, one ending within three
months, and a round in progress whose vote met the quorum; loaded once."""

import pytest

from gonghui.demo import rights_contracts
from gonghui.rights.models import ConsultationRound, Contract
from gonghui.rights.selectors.contracts import expiring
from tests.core.test_demo import run_demo

pytestmark = pytest.mark.django_db


def test_the_demo_loads_its_contracts_once():
    run_demo()
    contracts = Contract.objects.all()
    assert contracts.filter(level="enterprise", state="in_force").count() == 2
    regional = contracts.get(level="regional")
    assert regional.state == "in_force" and regional.enterprises.count() >= 2 and regional.published_on
    assert expiring(contracts).count() == 1
    voted = ConsultationRound.objects.get(contract__state="voted")
    assert 3 * voted.representatives_present >= 2 * voted.representatives_total
    assert 2 * voted.votes_in_favour > voted.representatives_total
    assert voted.demands.count() == 4 and voted.meetings.count() == 2
    before = Contract.objects.count()
    assert rights_contracts.load() == []
    assert Contract.objects.count() == before == 4
