"""Identity input: one person, one membership and one account, whatever the keyboard typed.

Property-based tests (hypothesis) of the one normalisation in core.validators, then the paths that
go through it: the join form and API, the status lookup, the roster search and import, the login
(password, one-time code, the admin's authenticate()), new accounts and corrections.
"""

import datetime
import io
import json
import unicodedata

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gonghui.accounts.models import User
from gonghui.accounts.senders import MemorySender
from gonghui.accounts.services import position_grant_by_phone, user_get_or_create
from gonghui.core import pii
from gonghui.core.validators import fold_identity_input, normalize_mobile, normalize_resident_id
from gonghui.members.models import DataRequest, JoinApplication, Member
from gonghui.members.services.join import duplicate_message, join_approve, join_submit
from gonghui.members.services.requests import data_request_complete, data_request_create
from tests.factories import PASSWORD, make_id_number, make_member, make_mobile

# ------------------------------------------------------------------ strategies

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _with_check(first17: str) -> str:
    """GB 11643 check character, computed here independently of the code under test."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


resident_ids = st.builds(
    lambda area, birth, seq: _with_check(f"{area}{birth:%Y%m%d}{seq:03d}"),
    st.sampled_from(["110105", "330102", "440305", "650102", "810000", "510107"]),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2024, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1)
)

# What keyboards, phones, WeChat and Excel put around and inside a number.
NOISE = st.sampled_from(
    [
        " ",
        "\t",
        "\n",
        "\u00a0",  # NBSP
        "\u3000",  # ideographic (full-width) space
        "\u2005",  # four-per-em space (iOS)
        "\u202f",  # narrow NBSP
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u00ad",
        "\u200e",
        "\u200f",
        "\u202a",
        "\u202c",
        "\u202d",
        "\u2066",
        "\u2068",
        "\u2069",
        "\ufe0f",
        "-",
        "\u2013",
        "\u2014",
        "\uff0d",
    ]
)


def _full_width(c: str) -> str:
    return chr(ord(c) + 0xFEE0)


@st.composite
def typed(draw, number: str) -> str:
    """`number` as someone might type or paste it: each character ASCII, full-width or a font
    variant (bold digits), X in either case and width, noise before, inside and after."""
    out = []
    for c in number:
        out.append("".join(draw(st.lists(NOISE, max_size=2))))
        if c == "X":
            out.append(draw(st.sampled_from("XxＸｘ")))
            continue
        style = draw(st.sampled_from(["ascii", "ascii", "full", "bold"]))
        out.append({"ascii": c, "full": _full_width(c), "bold": chr(0x1D7CE + int(c))}[style])
    out.append("".join(draw(st.lists(NOISE, max_size=3))))
    return "".join(out)


def _folds_to_one_ascii(c: str) -> bool:
    """Whether NFKC (as the validators apply it) reads `c` as one ASCII character."""
    if unicodedata.decomposition(c).startswith(("<super>", "<sub>", "<circle>")):
        return False
    folded = unicodedata.normalize("NFKC", c)
    return len(folded) == 1 and folded.isascii()


# Digits of every script, letters and other numerals that are not read as an ASCII character.
foreign = st.characters(categories=("Nd", "No", "Nl", "Lu", "Ll", "Lo")).filter(
    lambda c: not c.isascii() and not _folds_to_one_ascii(c)
)

PROPERTY = settings(deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ properties


@PROPERTY
@given(st.data(), resident_ids)
def test_any_typing_of_an_id_number_is_the_same_number_and_hash(data, number):
    variant = data.draw(typed(number))
    assert normalize_resident_id(variant) == number
    assert pii.lookup_hash(normalize_resident_id(variant)) == pii.lookup_hash(number)


@PROPERTY
@given(st.data(), mobiles)
def test_any_typing_of_a_mobile_is_the_same_number(data, number):
    variant = data.draw(typed(number))
    assert normalize_mobile(variant) == number
    prefix = data.draw(st.sampled_from(["", "+86", "＋８６", "0086", "+86 "]))
    assert normalize_mobile(prefix + variant) == number


@PROPERTY
@given(st.data(), resident_ids, foreign)
def test_a_foreign_character_in_an_id_number_is_refused_where_it_stands(data, number, char):
    i = data.draw(st.integers(min_value=0, max_value=17))
    variant = data.draw(typed(number[:i])) + char + data.draw(typed(number[i + 1 :]))
    with pytest.raises(ValidationError) as e:
        normalize_resident_id(variant)
    assert e.value.code == "non_ascii"
    assert e.value.params["pos"] == i + 1
    assert e.value.messages[0].startswith(f"第{i + 1}位")
    assert e.value.params["char"] in e.value.messages[0]


@PROPERTY
@given(st.data(), mobiles, foreign)
def test_a_foreign_character_in_a_mobile_is_refused_where_it_stands(data, number, char):
    i = data.draw(st.integers(min_value=0, max_value=10))
    variant = data.draw(typed(number[:i])) + char + data.draw(typed(number[i + 1 :]))
    with pytest.raises(ValidationError) as e:
        normalize_mobile(variant)
    assert e.value.code == "non_ascii" and e.value.params["pos"] == i + 1


@PROPERTY
@given(st.text())
def test_folding_is_idempotent(text):
    once = fold_identity_input(text)
    assert fold_identity_input(once) == once


@PROPERTY
@given(
    st.one_of(
        st.text(), st.text(alphabet="0123456789Xx０１２３４５６７８９Ｘ \u3000\u200b٣²①-+", max_size=24)
    )
)
def test_whatever_is_typed_a_number_comes_out_ascii_or_a_chinese_refusal(text):
    for normalize in (normalize_resident_id, normalize_mobile):
        try:
            result = normalize(text)
        except ValidationError as e:
            assert e.messages and all(m for m in e.messages)
        else:
            assert result.isascii() and normalize(result) == result  # idempotent


@PROPERTY
@given(st.data(), resident_ids, mobiles)
def test_normalising_is_idempotent(data, number, mobile):
    once = normalize_resident_id(data.draw(typed(number)))
    assert normalize_resident_id(once) == once
    once = normalize_mobile(data.draw(typed(mobile)))
    assert normalize_mobile(once) == once


@PROPERTY
@given(st.characters(categories=("Nd",)).filter(lambda c: not c.isascii()))
def test_every_unicode_digit_is_read_as_its_ascii_digit_or_refused(digit):
    number = "11010519491231002X"
    variant = number[:4] + digit + number[5:]
    try:
        result = normalize_resident_id(variant)
    except ValidationError as e:
        if unicodedata.normalize("NFKC", digit) == "0":
            raise  # a full-width or font zero is the digit the number needs
        assert e.code in ("non_ascii", "checksum", "birth_date", "format")
    else:
        assert result == number  # only a variant of the right digit (０, 𝟎, 𝟘 …) gives a number


# ------------------------------------------------------------------ paths: one person, one membership

FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def _join_form(number: str, mobile: str, world) -> dict:
    return {
        "name": "马骁",
        "id_number": number,
        "mobile": mobile,
        "join_as": "new_form",
        "job_type": "delivery_rider",
        "work_area": world.county.pk,
        "consent": "on",
    }


@pytest.mark.django_db
def test_the_same_person_cannot_join_twice_with_full_width_digits(client, world, login):
    number = make_id_number(4242)
    assert client.post(reverse("members:join"), _join_form(number, make_mobile(), world)).status_code == 302
    application = JoinApplication.objects.get()
    join_approve(application=application, actor=world.joint_cadre)
    # The same person again, typing full-width digits with an IME (and a zero-width space pasted along).
    again = client.post(
        reverse("members:join"),
        _join_form("\u200b" + number[:3] + number[3:].translate(FW), make_mobile(), world),
    )
    assert again.status_code == 200 and duplicate_message() in again.content.decode()
    assert JoinApplication.objects.count() == 1 and Member.objects.filter(name="马骁").count() == 1


@pytest.mark.django_db
def test_a_full_width_application_is_stored_normalised_and_the_ascii_one_is_refused(client, world):
    number, mobile = make_id_number(4343), make_mobile(4343)
    response = client.post(
        reverse("members:join"),
        _join_form(number.translate(FW), "\u202d" + mobile.translate(FW) + "\u202c", world),
    )
    assert response.status_code == 302
    application = JoinApplication.objects.get()
    assert application.id_number_plain() == number and application.mobile == mobile
    assert application.id_number_hash == pii.lookup_hash(number)
    member = join_approve(application=application, actor=world.joint_cadre)
    assert member.id_number_plain() == number and member.mobile == mobile and member.user.phone == mobile
    with pytest.raises(ValidationError) as e:
        join_submit(
            name="马骁",
            id_number=number,
            mobile=mobile,
            consent=True,
            job_type="delivery_rider",
            work_area=world.county,
        )
    assert duplicate_message() in str(e.value)


@pytest.mark.django_db
def test_the_api_refuses_the_full_width_twin_of_a_member(client, world):
    number = world.member.id_number_plain()
    payload = {
        "name": "张伟",
        "id_number": number.translate(FW),
        "mobile": make_mobile(),
        "consent": True,
        "job_type": "delivery_rider",
        "work_area": str(world.county.uuid),
    }
    response = client.post("/api/v1/join-applications", json.dumps(payload), content_type="application/json")
    assert response.status_code in (400, 422) and duplicate_message() in _text(response)
    payload["id_number"] = "1101٠519491231002X"  # Arabic-Indic zero
    response = client.post("/api/v1/join-applications", json.dumps(payload), content_type="application/json")
    assert "第5位的字符“٠”不是数字0–9" in _text(response)
    assert JoinApplication.objects.count() == 0


@pytest.mark.django_db
def test_the_status_lookup_finds_an_application_typed_in_full_width(client, world):
    number, mobile = make_id_number(4444), make_mobile(4444)
    application = join_submit(
        name="马骁", id_number=number, mobile=mobile, consent=True, enterprise=world.enterprise
    )
    response = client.post(
        reverse("members:join_status_lookup"),
        {"id_number": number.translate(FW), "mobile": mobile.translate(FW)},
    )
    assert response.status_code == 302 and str(application.uuid) in response["Location"]


@pytest.mark.django_db
def test_the_roster_search_finds_a_member_by_a_full_width_number(world, login):
    number = world.member.id_number_plain()
    response = login(world.county_cadre).post(
        reverse("members:roster"), {"q": number.translate(FW)}, follow=True
    )
    assert [m["uuid"] for m in response.context["members"]] == [world.member.uuid]
    assert (
        number[6:14] not in response.redirect_chain[-1][0] and "%EF%BC" not in response.redirect_chain[-1][0]
    )


@pytest.mark.django_db
def test_the_roster_import_refuses_the_full_width_twin_of_a_member(world, login, settings):
    settings.GONGHUI_TASKS = "sync"
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "手机号码", "入会日期", "工作单位", "职业类型"])
    ws.append(["张伟", world.member.id_number_plain().translate(FW), make_mobile(), "", "", ""])
    ws.append(["李四", "3301021990٠5170019", make_mobile(), "", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("名册.xlsx", buf.getvalue())
    client = login(world.enterprise_cadre)
    response = client.post(
        reverse("members:roster_import"), {"org": str(world.union.uuid), "file": upload}, follow=True
    )
    html = response.content.decode()
    assert "已有会籍" in html or "已是会员" in html
    assert "不是数字0–9" in html
    assert Member.objects.count() == 2  # world.member and world.other_member: nothing imported


# ------------------------------------------------------------------ paths: one number, one account


@pytest.fixture
def memory_sender(settings):
    """Codes go to memory, where tests read them with MemorySender.last_code(phone)."""
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"
    MemorySender.clear()
    yield MemorySender
    MemorySender.clear()


@pytest.mark.django_db
def test_a_full_width_phone_logs_into_the_ascii_account(client, world):
    phone = world.member_user.phone
    response = client.post(
        reverse("accounts:login"), {"phone": "\u2066" + phone.translate(FW) + "\u2069", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.member_user.pk)


@pytest.mark.django_db
def test_authenticate_as_the_admin_login_calls_it_normalises_the_phone(world):
    phone = world.member_user.phone
    assert (
        authenticate(username=f" {phone[:3]}　{phone[3:]}".translate(FW), password=PASSWORD)
        == world.member_user
    )
    assert authenticate(username="不是号码", password=PASSWORD) is None


@pytest.mark.django_db
def test_a_code_login_with_a_full_width_phone_and_code(client, world, memory_sender):
    phone = world.member_user.phone
    url = reverse("accounts:code_login")
    assert client.post(url, {"step": "send", "phone": phone.translate(FW)}).status_code == 200
    code = MemorySender.last_code(phone)
    response = client.post(url, {"step": "verify", "phone": phone, "code": code.translate(FW)})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(world.member_user.pk)


@pytest.mark.django_db
def test_a_code_login_of_an_imported_member_opens_an_ascii_account(client, world, memory_sender):
    mobile = make_mobile(4545)
    member = make_member(world.union, name="黄晓梅", mobile=mobile)
    url = reverse("accounts:code_login")
    client.post(url, {"step": "send", "phone": "+86 " + mobile.translate(FW)})
    response = client.post(url, {"step": "verify", "phone": mobile, "code": MemorySender.last_code(mobile)})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user.phone == mobile
    assert not User.objects.exclude(phone__regex=r"^1[3-9][0-9]{9}$").exists()


@pytest.mark.django_db
def test_a_new_account_never_stores_a_full_width_phone(world):
    mobile = make_mobile(4646)
    user, created = user_get_or_create(phone=mobile.translate(FW), name="新用户")
    assert created and user.phone == mobile
    assert user_get_or_create(phone=mobile, name="新用户") == (user, False)
    assert User.objects.create_user("\ufeff" + make_mobile(4747).translate(FW)).phone == make_mobile(4747)
    position = position_grant_by_phone(
        org=world.union,
        phone=make_mobile(4848).translate(FW),
        name="新干部",
        role="staff",
        actor=world.enterprise_cadre,
    )
    assert position.user.phone == make_mobile(4848)
    with pytest.raises(ValidationError):
        user_get_or_create(phone="139١2345678")
    assert not User.objects.exclude(phone__regex=r"^1[3-9][0-9]{9}$").exists()


@pytest.mark.django_db
def test_granting_by_a_full_width_phone_finds_the_existing_account(world):
    phone = world.worker.phone
    position = position_grant_by_phone(
        org=world.union, phone=phone.translate(FW), role="staff", actor=world.enterprise_cadre
    )
    assert position.user == world.worker and User.objects.filter(name="刘洋").count() == 1


@pytest.mark.django_db
def test_a_correction_to_a_full_width_mobile_stores_it_normalised(world):
    new = make_mobile(4949)
    request = data_request_create(
        member=world.member,
        kind=DataRequest.Kind.CORRECTION,
        details={"mobile": new.translate(FW)},
        actor=world.member_user,
    )
    assert request.details["mobile"] == new
    data_request_complete(request=request, actor=world.enterprise_cadre)
    world.member.refresh_from_db()
    world.member_user.refresh_from_db()
    assert world.member.mobile == new and world.member_user.phone == new


@pytest.mark.django_db
def test_an_old_correction_request_with_a_full_width_mobile_is_applied_normalised(world):
    new = make_mobile(5050)
    request = DataRequest.objects.create(  # asked for before input was normalised
        member=world.member,
        org_path=world.member.org_path,
        kind="correction",
        details={"mobile": new.translate(FW)},
    )
    data_request_complete(request=request, actor=world.enterprise_cadre)
    world.member.refresh_from_db()
    assert world.member.mobile == new


def test_an_identity_record_refuses_a_number_that_is_not_normalised():
    from gonghui.members.models import JoinApplication

    with pytest.raises(ValueError):
        JoinApplication().set_id_number("11010519491231002X".translate(FW))
