"""Partner units (责任单位): federation cadres manage them; contacts log in by mobile and answer."""

import pytest

from gonghui.accounts.models import User
from gonghui.core.models import AuditEntry
from gonghui.servicedesk.models import PartnerUnit

pytestmark = pytest.mark.django_db


def test_create_with_contacts_by_mobile(desk, login):
    client = login(desk.county_cadre)
    assert client.get("/desk/units/new/").status_code == 200
    data = {
        "org": desk.county.pk,
        "name": "安平县人力资源和社会保障局",
        "department": "人社",
        "contact_name": "林科长",
        "contact_phone": "0571-8888",
        "contact_mobiles": f"{desk.unit_contact.phone}\n13900001111",
    }
    response = client.post("/desk/units/new/", data)
    unit = PartnerUnit.objects.get(name="安平县人力资源和社会保障局")
    assert response.status_code == 302 and response["Location"] == f"/desk/units/{unit.pk}/"
    assert set(unit.contacts.values_list("phone", flat=True)) == {desk.unit_contact.phone, "13900001111"}
    assert User.objects.filter(phone="13900001111").exists()
    assert AuditEntry.objects.filter(action="unit_create", object_id=unit.pk).exists()
    # Double submit: the name is unique per org, the second is refused with a Chinese error.
    response = client.post("/desk/units/new/", data)
    assert response.status_code == 200 and "本组织已有名为" in response.content.decode()
    assert PartnerUnit.objects.filter(name="安平县人力资源和社会保障局").count() == 1


def test_create_bad_mobile_writes_nothing(desk, login):
    response = login(desk.county_cadre).post(
        "/desk/units/new/", {"org": desk.county.pk, "name": "税务局", "contact_mobiles": "12345"}
    )
    assert response.status_code == 200 and "不是有效的手机号码" in response.content.decode()
    assert not PartnerUnit.objects.filter(name="税务局").exists()


def test_edit_and_access(desk, login, client):
    url = f"/desk/units/{desk.market_unit.pk}/"
    assert client.get(url).status_code == 302
    assert login(desk.outsider).get(url).status_code == 404
    assert login(desk.outsider).get(url + "edit/").status_code == 404
    assert login(desk.viewer).get(url).status_code == 404  # a county unit is above a township viewer
    assert login(desk.viewer).get("/desk/units/new/").status_code == 403
    assert login(desk.worker).get("/desk/units/").status_code == 403
    township_unit = PartnerUnit.objects.create(org=desk.township, name="城关镇规划办")
    assert login(desk.viewer).get(f"/desk/units/{township_unit.pk}/").status_code == 200
    assert login(desk.viewer).post(f"/desk/units/{township_unit.pk}/edit/", {"name": "x"}).status_code == 403
    client = login(desk.county_cadre)
    assert "安平县市场监督管理局" in client.get("/desk/units/").content.decode()
    response = client.post(
        url + "edit/",
        {
            "name": "安平县市场监管局",
            "department": "市场监管",
            "is_active": "on",
            "contact_mobiles": "13900002222",
        },
    )
    assert response.status_code == 302
    desk.market_unit.refresh_from_db()
    assert desk.market_unit.name == "安平县市场监管局"
    assert list(desk.market_unit.contacts.values_list("phone", flat=True)) == ["13900002222"]
    response = client.post(url + "edit/", {"name": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
