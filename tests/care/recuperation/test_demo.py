"""The demo's recuperation programmes and retirement ceremony: built once, drawn with a published seed."""

import io

import pytest
from django.core.management import call_command

from gonghui.care.models.honors import RetirementHonouree
from gonghui.care.models.recuperation import RecuperationApplication, RecuperationProgramme
from gonghui.care.services import honors as honors_services
from gonghui.care.services import recuperation as services
from gonghui.demo import care_recuperation

pytestmark = pytest.mark.django_db


def run_demo(members: int = 400) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", str(members), stdout=out)
    return out.getvalue()


def test_the_demo_programme_is_drawn_with_a_published_seed_and_loaded_once():
    first = run_demo()
    counts = (RecuperationProgramme.objects.count(), RecuperationApplication.objects.count())
    second = run_demo()
    assert (RecuperationProgramme.objects.count(), RecuperationApplication.objects.count()) == counts
    assert "疗休养项目 2 个" in first and "疗休养项目 2 个" not in second
    drawn = RecuperationProgramme.objects.get(title=care_recuperation.MARKER)
    assert drawn.state == "drawn" and drawn.seed_source == care_recuperation.PUBLIC_VALUE
    entries = list(drawn.applications.order_by("rank"))
    priority = [e.number for e in entries if e.priority]
    assert [e.number for e in entries] == services.allocation_order(
        drawn.seed, [e.number for e in entries], priority
    )
    for trip in drawn.trips.all():
        assert trip.taken == trip.applications.filter(state="registered").count() <= trip.capacity
    assert RecuperationProgramme.objects.get(title=care_recuperation.OPEN_TITLE).state == "open"
    # the retirement ceremony: honourees retired (membership kept) with certificates that open
    assert "荣退仪式 1 场" in first and "荣退仪式 1 场" not in second
    honourees = list(RetirementHonouree.objects.select_related("member", "ceremony__org"))
    assert len(honourees) == 4 and all(h.member.status == "retired" for h in honourees)
    from docx import Document

    text = "\n".join(
        p.text for p in Document(io.BytesIO(honors_services.certificate_docx(honourees[0]))).paragraphs
    )
    assert honourees[0].member.name in text
