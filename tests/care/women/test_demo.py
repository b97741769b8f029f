"""The demo's women-worker care: records of each kind and two mother-and-baby rooms, loaded once."""

import io

import pytest
from django.core.management import call_command

from gonghui.care.models.women import WomenCarePlace, WomenCareRecord
from gonghui.demo import care_women

pytestmark = pytest.mark.django_db


def test_records_and_two_rooms_are_loaded_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", "400", stdout=out)
    assert "爱心妈妈小屋2处" in out.getvalue()
    assert care_women.load() == []
    assert WomenCarePlace.objects.filter(kind="mother_baby").count() == 2
    kinds = set(WomenCareRecord.objects.values_list("kind", flat=True))
    assert {"march8", "health", "maternity"} <= kinds
    assert WomenCareRecord.objects.exclude(health_details_encrypted="").filter(member__isnull=False).exists()
