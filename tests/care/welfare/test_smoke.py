import pytest
from gonghui.care.services import welfare as svc
from gonghui.care.models import WelfareGift
from tests.care.welfare.conftest import make_batch, make_members

pytestmark = pytest.mark.django_db

def test_smoke(county_rules):
    w = county_rules
    make_members(w.union, 5)
    b = make_batch(w)
    job, created = svc.batch_compute_start(batch=b, actor=w.enterprise_cadre)
    job.refresh_from_db()
    print(job.state, job.result, job.errors)
    assert WelfareGift.objects.filter(batch=b).count() == 6
    job, created = svc.batch_compute_start(batch=b, actor=w.enterprise_cadre)
    assert WelfareGift.objects.filter(batch=b).count() == 6
