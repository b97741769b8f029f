"""Personal data: encryption, keyed hashes, masking, the access log and key rotation."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from gonghui.core import pii
from gonghui.core.models import PersonalDataAccess
from gonghui.members.models import Member
from gonghui.members.services.roster import member_exists_for_id
from tests.factories import make_id_number

NUMBER = "11010519491231002X"
OLD_KEY = "test-encryption-key-not-for-production"  # the test settings' key
NEW_KEY = "a-brand-new-key-from-the-vault-2026"


def test_encrypt_decrypt_roundtrip_and_ciphertexts_differ():
    token = pii.encrypt(NUMBER)
    assert NUMBER not in token
    assert pii.decrypt(token) == NUMBER
    assert pii.encrypt(NUMBER) != token  # randomised: equal numbers cannot be spotted in the table


def test_decrypt_with_an_unknown_key_fails_cleanly():
    token = pii.encrypt(NUMBER)
    with override_settings(GONGHUI_ENCRYPTION_KEY=NEW_KEY, GONGHUI_OLD_ENCRYPTION_KEYS=[]):
        with pytest.raises(ValueError, match="encryption key"):
            pii.decrypt(token)


def test_lookup_hash_is_stable_keyed_and_covers_old_keys():
    h = pii.lookup_hash(NUMBER)
    assert h == pii.lookup_hash(NUMBER) and len(h) == 64 and NUMBER not in h
    assert pii.lookup_hash("110105194912310029") != h
    with override_settings(GONGHUI_ENCRYPTION_KEY=NEW_KEY, GONGHUI_OLD_ENCRYPTION_KEYS=[OLD_KEY]):
        assert pii.lookup_hash(NUMBER) != h
        assert pii.lookup_hashes(NUMBER) == [pii.lookup_hash(NUMBER), h]
        assert pii.decrypt(pii.encrypt(NUMBER)) == NUMBER


@pytest.mark.parametrize(
    ("value", "masked"),
    [(NUMBER, "110105********002X"), ("", ""), ("123", "***"), ("330102900517001", "330102*****7001")],
)
def test_mask_id_number(value, masked):
    assert pii.mask_id_number(value) == masked


def test_mask_mobile_and_name():
    assert pii.mask_mobile("13912345678") == "139****5678"
    assert pii.mask_mobile("") == "" and pii.mask_mobile("12345") == "*****"
    assert pii.mask_name("张三丰") == "张**" and pii.mask_name("") == ""


def test_members_store_only_ciphertext_hash_and_mask(world):
    m = world.member
    raw = (
        Member.objects.filter(pk=m.pk)
        .values("id_number_encrypted", "id_number_hash", "id_number_masked")
        .get()
    )
    plain = m.id_number_plain()
    assert plain not in raw["id_number_encrypted"] and plain != raw["id_number_hash"]
    assert raw["id_number_masked"] == pii.mask_id_number(plain)


def test_log_access_records_who_and_whose_but_not_the_data(world):
    pii.log_access(
        actor=world.county_cadre,
        action=PersonalDataAccess.Action.VIEW,
        subject=world.member,
        org=world.union,
        purpose="核对会员身份",
    )
    entry = PersonalDataAccess.objects.get()
    assert entry.actor == world.county_cadre and entry.subject == world.member and entry.org == world.union
    plain = world.member.id_number_plain()
    assert plain not in str(PersonalDataAccess.objects.values().get())


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, "--batch-size", "2", stdout=out)
    return out.getvalue()


def test_rotate_keys_reencrypts_members_and_applications_under_the_new_key(world):
    from gonghui.members.models import JoinApplication

    numbers = {m.pk: m.id_number_plain() for m in Member.objects.all()}
    application = JoinApplication(
        name="刘洋",
        mobile="13900000077",
        org=world.joint,
        org_path=world.joint.path,
        job_type="delivery_rider",
        consent_at="2026-01-01T00:00:00+08:00",
        consent_version="1",
    )
    application.set_id_number(make_id_number())
    application.save()
    app_number = application.id_number_plain()
    before = dict(Member.objects.values_list("pk", "id_number_encrypted"))

    with override_settings(GONGHUI_ENCRYPTION_KEY=NEW_KEY, GONGHUI_OLD_ENCRYPTION_KEYS=[OLD_KEY]):
        # Mid-rotation, an old-key row is still found by its number.
        assert member_exists_for_id(numbers[world.member.pk]) == world.member
        dry = rotate("--dry-run")
        assert "试运行" in dry and f"需要轮换 {len(numbers)} 条" in dry
        assert (
            dict(Member.objects.values_list("pk", "id_number_encrypted")) == before
        )  # dry run wrote nothing
        out = rotate()
        assert f"已轮换 {len(numbers)} 条" in out and "已轮换 1 条" in out
        assert "已轮换 0 条" in rotate()  # running again finds nothing left to do

    with override_settings(GONGHUI_ENCRYPTION_KEY=NEW_KEY, GONGHUI_OLD_ENCRYPTION_KEYS=[]):
        for member in Member.objects.all():
            assert member.id_number_plain() == numbers[member.pk]  # the old key is no longer needed
            assert member.id_number_hash == pii.lookup_hash(numbers[member.pk])
            assert member.id_number_masked == pii.mask_id_number(numbers[member.pk])
        application.refresh_from_db()
        assert application.id_number_plain() == app_number
        assert application.id_number_hash == pii.lookup_hash(app_number)
        assert member_exists_for_id(numbers[world.member.pk]) == world.member


def test_rotate_keys_stops_with_a_clear_message_when_the_old_key_is_missing(world):
    with override_settings(GONGHUI_ENCRYPTION_KEY=NEW_KEY, GONGHUI_OLD_ENCRYPTION_KEYS=[]):
        with pytest.raises(CommandError, match="GONGHUI_OLD_ENCRYPTION_KEYS"):
            rotate()
    assert world.member.id_number_plain()  # nothing was rewritten under the old key
