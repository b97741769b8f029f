"""The published draw: a pure function of (seed, sorted applicant numbers)."""

import datetime
import hashlib
import uuid

from gonghui.care.services.recuperation import allocation_order, derive_seed, draw, draw_key


def test_the_same_seed_gives_the_same_order_whatever_the_input_order():
    numbers = list(range(1, 51))
    assert draw("种子A", numbers) == draw("种子A", list(reversed(numbers))) == draw("种子A", numbers * 2)
    assert sorted(draw("种子A", numbers)) == numbers


def test_a_different_seed_gives_a_different_order():
    numbers = list(range(1, 51))
    assert draw("种子A", numbers) != draw("种子B", numbers)


def test_the_order_is_the_published_method():
    seed = "abc"
    expected = sorted([3, 1, 2], key=lambda n: hashlib.sha256(f"{seed}:{n}".encode()).hexdigest())
    assert draw(seed, [1, 2, 3]) == expected
    assert draw_key(seed, 1) == hashlib.sha256(b"abc:1").hexdigest()


def test_priority_applicants_come_first_each_group_in_draw_order():
    order = allocation_order("s", range(1, 21), priority=[5, 17, 9])
    assert set(order[:3]) == {5, 17, 9}
    assert order[:3] == draw("s", [5, 9, 17])
    assert order[3:] == draw("s", [n for n in range(1, 21) if n not in (5, 9, 17)])


def test_the_seed_comes_from_the_public_value_or_the_closing_time():
    pid = uuid.UUID(int=7)
    closes = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)
    a = derive_seed(public_value="２０２６０５０ 期 ", closes_at=closes, programme_uuid=pid)
    assert a == hashlib.sha256(f"{pid}|2026050 期".encode()).hexdigest()  # NFKC, spaces collapsed
    b = derive_seed(public_value="", closes_at=closes, programme_uuid=pid)
    assert b == hashlib.sha256(f"{pid}|2026-05-01T09:00:00+00:00".encode()).hexdigest()
