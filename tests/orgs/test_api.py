"""/api/v1/orgs: list, detail, stats with every persona."""

from gonghui.accounts.models import ApiToken


def test_anonymous_gets_401(client, world):
    for url in (
        "/api/v1/orgs",
        f"/api/v1/orgs/{world.county.uuid}",
        f"/api/v1/orgs/{world.county.uuid}/stats",
    ):
        assert client.get(url).status_code == 401


def test_outsider_gets_404(login, world):
    client = login(world.outsider)
    assert client.get(f"/api/v1/orgs/{world.county.uuid}").status_code == 404
    assert client.get(f"/api/v1/orgs/{world.county.uuid}/stats").status_code == 404
    assert client.get("/api/v1/orgs", {"parent": str(world.county.uuid)}).status_code == 404
    names = [o["name"] for o in client.get("/api/v1/orgs").json()]
    assert names == ["临川县总工会", "临川纺织厂工会"]


def test_list_scope_roots_with_children_and_parent(login, world):
    client = login(world.township_cadre)
    assert [o["name"] for o in client.get("/api/v1/orgs").json()] == [
        "城关镇工会",
        "安平华宇机械有限公司工会",
    ]
    data = login(world.county_cadre).get("/api/v1/orgs", {"parent": str(world.park.uuid)}).json()
    assert [o["name"] for o in data] == ["开发区小微企业联合工会"]
    assert data[0]["parent"] == str(world.park.uuid) and data[0]["kind_display"] == "联合基层工会"


def test_detail_and_stats_with_a_token(client, world):
    _token, key = ApiToken.issue(user=world.viewer)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"/api/v1/orgs/{world.township.uuid}", **headers).json()["name"] == "城关镇工会"
    data = client.get(
        f"/api/v1/orgs/{world.township.uuid}/stats", {"start": "2015-01-01", "end": "2015-12-31"}, **headers
    ).json()
    assert data["total"]["enterprises_25"] == 2 and data["total"]["formation_rate"] == 0.5
    assert data["total"]["unions_formed"] == 1 and data["total"]["members"] == 1
    assert [c["label"] for c in data["children"]] == ["安平华宇机械有限公司工会", "本级"]
    assert sum(c["enterprises_25"] for c in data["children"]) == 2


def test_stats_bad_period(login, world):
    client = login(world.county_cadre)
    response = client.get(
        f"/api/v1/orgs/{world.county.uuid}/stats", {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert response.status_code == 400 and "开始日期不能晚于结束日期" in response.json()["detail"]
    assert client.get(f"/api/v1/orgs/{world.county.uuid}/stats", {"start": "nope"}).status_code == 422
