"""The contracts API: a union's contracts and rounds for its cadres, the published contracts of a
member's enterprise for the member."""

import pytest

from gonghui.rights.services import contracts as svc
from tests.rights.contracts.conftest import day, in_force, start_round

pytestmark = pytest.mark.django_db

BASE = "/api/v1/rights/contracts"


def test_a_cadre_lists_the_contracts_and_rounds_of_their_subtree(login, world):
    contract = in_force(world)
    round_ = start_round(world, kind="wage", title="工资专项")
    svc.demand_add(round=round_, actor=world.enterprise_cadre, text="夜班津贴")
    rows = login(world.township_cadre).get(f"{BASE}/").json()
    assert {r["title"] for r in rows} == {contract.title, "工资专项"}
    row = next(r for r in rows if r["uuid"] == str(contract.uuid))
    assert row["state"] == "in_force" and row["enterprises"] == ["安平华宇机械有限公司"]
    assert row["objection_until"] == contract.objection_until.isoformat()
    rounds = login(world.enterprise_cadre).get(f"{BASE}/rounds").json()
    assert next(r for r in rounds if r["uuid"] == str(round_.uuid))["demands"] == ["夜班津贴"]
    assert login(world.enterprise_cadre).get(f"{BASE}/?state=filing").json() == []


def test_access(client, login, world):
    in_force(world)
    assert client.get(f"{BASE}/").status_code == 401
    assert client.get(f"{BASE}/mine").status_code == 401
    assert login(world.member_user).get(f"{BASE}/").status_code == 403
    assert login(world.member_user).get(f"{BASE}/rounds").status_code == 403
    assert login(world.outsider).get(f"{BASE}/").json() == []


def test_a_member_sees_the_published_contract_of_their_enterprise_only(login, world):
    contract = in_force(world)
    assert login(world.member_user).get(f"{BASE}/mine").json() == []  # not yet published
    svc.contract_publish(contract=contract, actor=world.enterprise_cadre, published_on=day(0))
    rows = login(world.member_user).get(f"{BASE}/mine").json()
    assert [r["title"] for r in rows] == [contract.title] and rows[0]["published_on"] == day(0).isoformat()
    assert login(world.worker).get(f"{BASE}/mine").json() == []
