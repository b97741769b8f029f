"""The UI is Chinese (zh-Hans) by default and fully translated into English from gonghui/locale.

The .po/.mo are read with the standard library only (no gettext tools needed on the machine).
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"
CJK = re.compile(r"[\u3400-\u9fff]")
# Chinese characters and full-width punctuation (，：（）), which would look broken in an English page.
CJK_OR_PUNCT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _po_entries() -> list[dict]:
    """A small .po parser (entries are separated by blank lines): msgctxt, msgid, msgid_plural,
    msgstr / msgstr[n] and flags of each live entry."""
    entries = []
    for block in re.split(r"\n\s*\n", PO.read_text(encoding="utf-8")):
        entry: dict = {"flags": set()}
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#~"):  # obsolete: no longer in the sources
                key = None
                continue
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line):
                key = match.group(1)
                entry[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)
        if entry.get("msgid"):  # skips the header (msgid "") and obsolete blocks
            entries.append(entry)
    return entries


def test_the_english_catalog_is_complete():
    entries = _po_entries()
    assert len(entries) > 600, "makemessages should collect every string of the project"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == []
    untranslated = [
        e["msgid"] for e in entries if not all(v.strip() for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert untranslated == []
    # English text, not Chinese left in place (dates such as 2024年3月1日 are examples of accepted input).
    still_chinese = [
        e["msgid"]
        for e in entries
        for k, v in e.items()
        if k.startswith("msgstr") and CJK.search(re.sub(r"\d+年\d+月\d+日", "", v))
    ]
    assert still_chinese == []


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for e in _po_entries():
        wanted = sorted(placeholder.findall(e["msgid"]))
        for k, v in e.items():
            if k.startswith("msgstr") and v:  # an empty msgstr is reported by the completeness test
                assert sorted(placeholder.findall(v)) == wanted, (e["msgid"], v)


def test_the_compiled_catalog_matches_the_po():
    """The .mo is committed (a fresh machine may lack gettext): it must be compiled from the current .po."""
    with MO.open("rb") as f:
        catalog = gettext.GNUTranslations(f)
    for e in _po_entries():
        if not all(v for k, v in e.items() if k.startswith("msgstr")):
            continue  # untranslated: reported by the completeness test
        msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            assert catalog.ngettext(msgid, e["msgid_plural"], 1) == e["msgstr[0]"], e["msgid"]
            assert catalog.ngettext(msgid, e["msgid_plural"], 5) == e["msgstr[1]"], e["msgid"]
        else:
            assert catalog.gettext(msgid) == e["msgstr"], e["msgid"]


def _strip_translated(template: str) -> str:
    template = re.sub(r"\{%\s*blocktranslate.*?endblocktranslate\s*%\}", "", template, flags=re.S)
    template = re.sub(r"\{%\s*(?:translate|trans)\s.*?%\}", "", template, flags=re.S)
    template = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", template, flags=re.S)
    template = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    template = re.sub(r"_\(\"[^\"]*\"\)|_\('[^']*'\)", "", template)
    return template


def test_templates_have_no_untranslated_chinese():
    """Every Chinese word in a template goes through {% translate %}, {% blocktranslate %} or _("…"),
    dates included: |date:_("Y年n月j日"), never a bare Chinese format; and so does full-width
    punctuation between values: {% translate "：" %}, {% translate "（" %}…{% translate "）" %}."""
    offenders = []
    for path in sorted(Path(settings.BASE_DIR).rglob("*.html")):
        text = _strip_translated(path.read_text(encoding="utf-8"))
        text = text.replace('lang="zh-Hans">中文<', "")  # the switch names Chinese in Chinese, on purpose
        for number, line in enumerate(text.splitlines(), 1):
            if CJK_OR_PUNCT.search(line):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A request in English leaves English active in this thread: later tests expect Chinese."""
    yield
    translation.deactivate()


def _english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def _assert_english(response, *expected):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for text in expected:
        assert text in html, text
    return html


@pytest.mark.django_db
def test_pages_render_in_english_for_a_worker(client, world):
    _english(client)
    html = _assert_english(client.get("/"), "Smart Union", "Welcome to the union", "Join now", "Log in")
    assert "欢迎加入工会" not in html and "一键入会" not in html and "登录" not in html
    html = _assert_english(
        client.get("/join/"),
        "Join the union online",
        "ID number",
        "Mobile number",
        "Personal data notice",
        "Submit join application",
    )
    assert "线上一键入会" not in html and "身份证号码" not in html and "提交入会申请" not in html


@pytest.mark.django_db
def test_pages_render_in_english_for_a_cadre(client, login, world):
    client = login(world.county_cadre)
    _english(client)
    html = _assert_english(client.get("/"), "All modules", "Member roster", "Log out")
    assert "工作台" not in html and "待办事项" not in html
    html = _assert_english(
        client.get(reverse("members:roster")),
        "Member roster",
        "Member number",
        "Membership status",
        "Export to Excel (masked)",
    )
    assert "会员名册" not in html and "会员编号" not in html and "会籍状态" not in html
    assert world.member.member_no in html  # the data itself stays as it is
    html = _assert_english(
        client.get(reverse("orgs:detail", args=[world.township.uuid])),
        "Formation rate",
        "Membership rate",
        "Enterprises with 25+ employees",
    )
    assert "建会率" not in html and "入会率" not in html
    assert world.township.name in html


@pytest.mark.django_db
def test_dates_follow_the_language(client, login, world):
    client = login(world.county_cadre)
    html = client.get(reverse("orgs:detail", args=[world.union.uuid])).content.decode()
    assert "2015年7月1日" in html
    _english(client)
    html = client.get(reverse("orgs:detail", args=[world.union.uuid])).content.decode()
    assert "July 1, 2015" in html and "2015年7月1日" not in html  # Django's English DATE_FORMAT


@pytest.mark.django_db
def test_chinese_is_the_default_without_accept_language(client, world):
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "智慧工会" in html and "欢迎加入工会" in html
    assert "Welcome to the union" not in html
    html = client.get("/join/").content.decode()
    assert "线上一键入会" in html and "Join the union online" not in html


@pytest.mark.django_db
def test_switching_back_to_chinese(client, world):
    _english(client)
    assert "Welcome to the union" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get("/").content.decode()
    assert "欢迎加入工会" in html and "Welcome to the union" not in html


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_person_switches(client, world):
    html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert "欢迎加入工会" in html and "Welcome to the union" not in html
