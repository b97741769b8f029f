"""What every glance tile's drill link must do, once for all the lists it opens.

A tile's figure links to a list page filtered to the org and period it counted
(`includes/drilled.html`, `orgs.selectors.drilled`). Opened by a cadre, that page says
"<org>及其下级" and shows the rows the tile counted and no others; the plain list shows them all
and says nothing of a drill; and `?org=` that is another county's org or no key at all is not found.

    page = open_drilled(client, link, reverse("notices:manage_list"), org=world.township,
                        shown=["城关镇防汛通知"], hidden=["柳溪乡停水通知"], other_county=world.other_county)

returns the drilled page's HTML for the test's own assertions.
"""

from collections.abc import Iterable

BANNER = "及其下级"  # the words of includes/drilled.html after the org's name


def assert_drilled(page: str, *, org, shown: Iterable[str], hidden: Iterable[str], where: str = "") -> None:
    """`page` (HTML) is a list drilled to `org`: its banner, every row of `shown`, none of `hidden`."""
    where = f" ({where})" if where else ""
    assert f"{org.name}{BANNER}" in page, f"the drilled page{where} does not say “{org.name}{BANNER}”"
    missing = [t for t in shown if t not in page]
    assert not missing, f"the drilled page{where} leaves out rows the tile counted: {missing}"
    leaked = [t for t in hidden if t in page]
    assert not leaked, f"the drilled page{where} shows rows the tile did not count: {leaked}"


def assert_org_refused(client, url: str, other_county) -> None:
    """`url?org=` is 404 for an org of another county and for something that is no org's key."""
    for org in (str(other_county.uuid), "1 OR 1=1"):
        status = client.get(url, {"org": org}).status_code
        assert status == 404, f"{url}?org={org} answered {status}, not 404"


def open_drilled(
    client,
    link: str,
    url: str,
    *,
    org,
    shown: Iterable[str],
    hidden: Iterable[str],
    other_county,
    whole: Iterable[str] | None = None,
    keeps_org: bool = False,
) -> str:
    """Open a tile's drill `link` into the list at `url` with `client` (logged in as a cadre) and
    check what every drilled list must do; return the drilled page's HTML.

    - `link` is `url` with a query, and opens (200) a page saying "<org.name>及其下级";
    - every title of `shown` is on it and none of `hidden`;
    - with `keeps_org`, a filter form on it carries the org (`name="org" value="<uuid>"`);
    - the plain `url` shows every title of `whole` (by default `shown` and `hidden`) and no banner;
    - `url?org=<an org of other_county>` and `url?org=1 OR 1=1` are 404.
    """
    shown, hidden = list(shown), list(hidden)
    assert link.startswith(url + "?"), f"the drill link {link!r} does not open {url} with a query"
    response = client.get(link)
    assert response.status_code == 200, f"the drill link {link} answered {response.status_code}"
    page = response.content.decode()
    assert_drilled(page, org=org, shown=shown, hidden=hidden, where=link)
    if keeps_org:
        field = f'name="org" value="{org.uuid}"'
        assert field in page, f"no filter form on {link} keeps the org ({field})"
    plain = client.get(url)
    assert plain.status_code == 200, f"the plain list {url} answered {plain.status_code}"
    everything = plain.content.decode()
    missing = [t for t in (shown + hidden if whole is None else whole) if t not in everything]
    assert not missing, f"the plain list {url} leaves out {missing}"
    assert BANNER not in everything, f"the plain list {url} says it is drilled ({BANNER})"
    assert_org_refused(client, url, other_county)
    return page
