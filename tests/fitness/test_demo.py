"""The demo's weight-loss contest: teams, weeks of weigh-ins, a queue waiting; loaded once."""

import io

import pytest
from django.core.management import call_command

from gonghui.demo import fitness as demo_fitness
from gonghui.fitness import selectors
from gonghui.fitness.models import Enrolment, Programme, WeighIn

pytestmark = pytest.mark.django_db


def run_demo(members: int = 400) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", str(members), stdout=out)
    return out.getvalue()


def test_the_demo_runs_a_contest_once():
    first = run_demo()
    assert "全员健身：减重大赛 1 项" in first and "演示健身数据未能生成" not in first
    programme = Programme.objects.get(title=demo_fitness.MARKER)
    people = Enrolment.objects.filter(programme=programme).count()
    assert people >= 12
    assert programme.teams.count() == 3 and programme.contests.count() == 2
    assert WeighIn.objects.filter(state="submitted").exists()
    assert WeighIn.objects.filter(state="rejected").exists()
    assert selectors.team_standings(programme) and selectors.individual_standings(programme)
    assert demo_fitness.PARTICIPANT_PHONE in first

    counts = (Enrolment.objects.count(), WeighIn.objects.count())
    second = run_demo()
    assert (Enrolment.objects.count(), WeighIn.objects.count()) == counts
    assert "全员健身：" not in second and demo_fitness.PARTICIPANT_PHONE in second
