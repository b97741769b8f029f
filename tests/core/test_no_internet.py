"""No internet at run time: every page, the API docs included, loads its assets from the app."""

import re

import pytest
from django.urls import reverse

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!testserver|127\.0\.0\.1|localhost)[^"']+""")


@pytest.mark.parametrize("url", ["/", "/join/", "/accounts/login/", "/api/v1/docs"])
def test_public_pages_reference_no_outside_host(client, world, url):
    html = client.get(url).content.decode()
    assert not EXTERNAL.findall(html)


def test_the_api_docs_load_swagger_from_our_static_files(client, world):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.mark.parametrize(
    "name", ["home", "orgs:list", "members:roster", "servicedesk:board", "volunteers:home"]
)
def test_cadre_pages_reference_no_outside_host(login, world, name):
    html = login(world.county_cadre).get(reverse(name)).content.decode()
    assert not EXTERNAL.findall(html)
