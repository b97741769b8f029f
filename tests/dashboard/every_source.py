"""Rows for every indicator source on make_world's tree, in the glance's period (2026) and its
comparison period (2025), in several children and in an org's own "本级" rows, with rows at the
periods' edges in local time (Asia/Shanghai): 23:30 on 31 December counts in that year, 00:10 on
1 January in the next. The glance's read of each source is checked against the plain reads on them
(tests/dashboard/test_indicators.py)."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from tests.factories import make_member

TZ = timezone.get_current_timezone()
_seq = itertools.count(1)


def _at(y, m, d, hour=10, minute=0):
    return datetime.datetime(y, m, d, hour, minute, tzinfo=TZ)


def moments(w) -> list[tuple[object, datetime.datetime]]:
    """(org, moment): in 2026 in a township's union, the park's union, the county's, the township's
    and the park's own rows, a union at 23:30 on the period's last day; in 2025 in the union,
    another township, the park and the joint union at 23:30 on the compared period's last day; and
    two just outside both periods (00:10 on 1 January 2027, 23:30 on 31 December 2024)."""
    return [
        (w.union, _at(2026, 3, 5)),
        (w.park_joint, _at(2026, 6, 1)),
        (w.county, _at(2026, 8, 1)),
        (w.township, _at(2026, 9, 1)),
        (w.park, _at(2026, 2, 1)),
        (w.new_union, _at(2026, 12, 31, 23, 30)),
        (w.union, _at(2025, 4, 1)),
        (w.other_township, _at(2025, 5, 1)),
        (w.park, _at(2025, 7, 1)),
        (w.joint, _at(2025, 12, 31, 23, 30)),
        (w.union, _at(2027, 1, 1, 0, 10)),
        (w.township, _at(2024, 12, 31, 23, 30)),
    ]


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def fill(w) -> None:
    """Rows of every source at every one of `moments(w)`."""
    cadre = w.county_cadre
    places = moments(w)
    people = {}

    for i, (org, at) in enumerate(places):
        day = _day(at)

        def person(org, n, day=day):
            """A member of `org` who joined on `day` (one per org and use: some records allow one
            per member)."""
            key = (org.pk, n)
            if key not in people:
                people[key] = make_member(org, name=f"职工{next(_seq)}", joined_on=day)
            return people[key]

        _desk(w, org, at, i)
        _care(w, org, at, day, i, person, cadre)
        _rights(w, org, at, day, i, cadre)
        _apps(w, org, at, day, i, person, cadre)
    from gonghui.core import tallies

    tallies.recount_all()  # the service desk's rows were moved behind its services' backs


def _desk(w, org, at, i) -> None:
    """An order (the menu item's org places it: moved here) and a problem of the enterprise's area
    (moved here too) at the moment."""
    from gonghui.servicedesk.models import Problem, ServiceOrder
    from gonghui.servicedesk.services import orders as order_svc
    from gonghui.servicedesk.services import problems as problem_svc

    order = order_svc.order_place(
        item=w.lecture,
        orderer=w.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=w.enterprise,
        place=f"车间{next(_seq)}",
        wished_date=timezone.localdate() + datetime.timedelta(days=7),
        expected_people=10,
    )
    ServiceOrder.objects.filter(pk=order.pk).update(
        org=org,
        org_path=org.path,
        created_at=at,
        state="rated",
        delivered_at=at,
        rating=1 + i % 5,
    )
    problem = problem_svc.problem_raise(
        enterprise=w.enterprise, reporter=w.county_cadre, category="tax", title="问题", description="d"
    )
    Problem.objects.filter(pk=problem.pk).update(
        org=org, org_path=org.path, created_at=at, state="resolved", resolved_at=at
    )


def _care(w, org, at, day, i, person, cadre) -> None:
    from gonghui.care.models.hardship import Assistance, HardshipFile
    from gonghui.care.models.honors import RetirementCeremony, RetirementHonouree
    from gonghui.care.models.recuperation import (
        RecuperationApplication,
        RecuperationProgramme,
        RecuperationTrip,
    )
    from gonghui.care.models.welfare import CondolenceRequest, WelfareBatch, WelfareGift
    from gonghui.care.models.wishes import Wish
    from gonghui.care.models.women import WomenCareRecord
    from gonghui.core import approval

    member = person(org, 1)
    # wishes: posted three days before, fulfilled (and confirmed) at the moment
    wish = Wish.objects.create(
        member=member,
        wisher=w.member_user,
        claimer=cadre,
        org=org,
        title="心愿",
        reason="r",
        amount=Decimal("120.50") + i,
        state="confirmed",
        fulfilled_at=at,
    )
    Wish.objects.filter(pk=wish.pk).update(created_at=at - datetime.timedelta(days=3))
    refused = Wish.objects.create(
        member=member, wisher=w.member_user, org=org, title="心愿", reason="r", amount=10, state="refused"
    )
    Wish.objects.filter(pk=refused.pk).update(created_at=at)

    WomenCareRecord.objects.create(org=org, kind="health", date=day, people_reached=3 + i, created_by=cadre)
    WomenCareRecord.objects.create(org=org, kind="march8", date=day, people_reached=5, created_by=cadre)

    # hardship: a file approved at the moment (on file at the period's end), one exited at it, aid
    def hardship_file(n, hardship_class, **fields):
        return HardshipFile.objects.create(
            org=org,
            member=person(org, n * 1000 + i),
            cause="illness",
            household_size=2,
            household_income=Decimal("900"),
            per_capita_income=Decimal("450"),
            hardship_class=hardship_class,
            line_year=day.year,
            line_amount=Decimal("800"),
            **fields,
        )

    on_file = hardship_file(2, ("deep", "relative", "sudden")[i % 3], state=approval.APPROVED, decided_at=at)
    hardship_file(
        3, "relative", state=approval.APPROVED, decided_at=at - datetime.timedelta(days=400), exited_on=day
    )
    hardship_file(4, "deep", state="submitted")
    Assistance.objects.create(
        file=on_file,
        org=org,
        file_path=on_file.org_path,
        kind="cash",
        need="生活",
        need_key=f"n{i}",
        amount=Decimal("500.25"),
        given_on=day,
    )

    programme = RecuperationProgramme.objects.create(
        org=org,
        title="疗休养",
        destination="千岛湖",
        price_cap=Decimal("3000"),
        opens_at=at - datetime.timedelta(days=60),
        closes_at=at - datetime.timedelta(days=30),
        year=day.year,
        created_by=cadre,
    )
    trip = RecuperationTrip.objects.create(
        programme=programme, starts_on=day, ends_on=day + datetime.timedelta(days=4), capacity=20 + i
    )
    application = RecuperationApplication.objects.create(
        programme=programme,
        trip=trip,
        member=person(org, 1),
        user=w.member_user,
        year=day.year,
        number=1,
        state="registered",
    )
    RecuperationApplication.objects.filter(pk=application.pk).update(created_at=at)

    batch = WelfareBatch.objects.create(
        org=org,
        title="中秋慰问",
        occasion="festival",
        description="d",
        value=Decimal("200"),
        form="goods",
        date=day,
        year=day.year,
    )
    WelfareGift.objects.create(
        batch=batch,
        member=member,
        org=org,
        occasion="festival",
        year=day.year,
        value=Decimal("199.90"),
        created_at=at,
        state="handed_out",
        handed_out_at=at,
    )
    CondolenceRequest.objects.create(
        member=member,
        org=org,
        occasion="hospital",
        event_date=day,
        year=day.year,
        amount=Decimal("300") + i,
        form="cash",
        state=approval.APPROVED,
        decided_at=at,
    )

    ceremony = RetirementCeremony.objects.create(
        org=org,
        title="荣退仪式",
        held_on=day,
        place="礼堂",
        period_start=day - datetime.timedelta(days=90),
        period_end=day,
        created_by=cadre,
    )
    for n in (5, 6):
        RetirementHonouree.objects.create(
            ceremony=ceremony,
            member=person(org, n * 100 + i),
            retired_on=day,
            years=30,
            certificate_no=f"RT{next(_seq)}",
            added_by=cadre,
        )


def _rights(w, org, at, day, i, cadre) -> None:
    from gonghui.rights.models.contracts import ConsultationRound, Contract
    from gonghui.rights.models.legal import Consultation, LegalCase
    from gonghui.rights.models.letters import SupervisionLetter

    consultation = Consultation.objects.create(org=org, channel="hotline", worker_name="甲", topic="wages")
    Consultation.objects.filter(pk=consultation.pk).update(created_at=at)
    LegalCase.objects.create(
        number=f"LA{next(_seq)}",
        org=org,
        worker_name="乙",
        topic="wages" if i % 2 else "injury",
        opened_on=day - datetime.timedelta(days=20),
        close_due=day + datetime.timedelta(days=10 if i % 2 else -1),
        state="closed",
        closed_on=day,
        amount_recovered=Decimal("8000.00") + i,
        satisfaction=1 + i % 5,
    )
    LegalCase.objects.create(
        number=f"LA{next(_seq)}",
        org=org,
        worker_name="丙",
        topic="overtime",
        opened_on=day,
        close_due=day + datetime.timedelta(days=60),
        state="mediation",
    )

    for kind, served in (("reminder", True), ("opinion", True), ("recommendation", False)):
        SupervisionLetter.objects.create(
            org=org,
            kind=kind,
            issued_on=day,
            served_on=day if served else None,
            reply_due=day + datetime.timedelta(days=15),
            replied_on=day + datetime.timedelta(days=3 if i % 2 else 20) if served else None,
            verified_on=day + datetime.timedelta(days=30) if served and i % 3 else None,
            state="issued",
        )

    # contracts: a state now (in force, expiring in the next three months), whatever the period
    today = timezone.localdate()
    round_ = ConsultationRound.objects.create(org=org, title="工资专项", started_on=day)
    contract = Contract.objects.create(
        round=round_,
        org=org,
        kind="wage",
        level="enterprise",
        title="集体合同",
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=30 if i % 2 else 500),
        employees_covered=40 + i,
        state="in_force" if i % 4 else "expired",
    )
    contract.enterprises.add(w.enterprise if i % 2 else w.small_enterprise)


def _apps(w, org, at, day, i, person, cadre) -> None:
    from gonghui.activities.models import Activity, Registration
    from gonghui.fitness.models import Enrolment, Programme
    from gonghui.lectures.models import LectureStop, LectureTour
    from gonghui.notices.models import Notice
    from gonghui.servicedesk.models import Petition
    from gonghui.tournaments.models import Division, Match, Team, Tournament
    from gonghui.volunteers.models import Signup, Volunteer, VolunteerTask

    activity = Activity.objects.create(
        org=org,
        kind="sports",
        title="活动",
        place="广场",
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=1),
        registration_opens_at=at - datetime.timedelta(days=9),
        registration_closes_at=at - datetime.timedelta(days=1),
        capacity=50,
        created_by=cadre,
    )
    for user, checked in ((w.member_user, True), (w.worker, False)):
        Registration.objects.create(
            activity=activity,
            user=user,
            state="registered",
            places=2,
            family_count=1,
            checked_in_at=at if checked else None,
        )

    tournament = Tournament.objects.create(org=org, name="篮球赛", sport="basketball")
    Tournament.objects.filter(pk=tournament.pk).update(created_at=at)
    division = Division.objects.create(tournament=tournament, name="男子组")
    for n in range(2):
        team = Team.objects.create(division=division, name=f"队{n}")
        Team.objects.filter(pk=team.pk).update(created_at=at)
    Match.objects.create(tournament=tournament, division=division, entered_at=at)

    programme = Programme.objects.create(
        org=org,
        title="健步走",
        enrol_opens=day - datetime.timedelta(days=30),
        enrol_closes=day - datetime.timedelta(days=1),
        starts_on=day,
        ends_on=day + datetime.timedelta(days=20),
    )
    for user, loss in ((w.member_user, Decimal("2.50") + i), (w.worker, None)):
        Enrolment.objects.create(
            programme=programme, org=org, user=user, height_encrypted="x", loss_percent=loss
        )

    tour = LectureTour.objects.create(org=org, title="宣讲")
    LectureStop.objects.create(tour=tour, starts_at=at, place="车间", state="held", headcount=30 + i)
    LectureStop.objects.create(tour=tour, starts_at=at, place="食堂", state="planned")

    Notice.objects.create(org=org, title="通知", body="b", publish_at=at, read_count=3 + i, audience_size=10)

    volunteer = Volunteer.objects.filter(user=w.volunteer_user).first()
    if volunteer is None:
        from gonghui.volunteers.services import volunteer_register

        volunteer = volunteer_register(
            user=w.volunteer_user, org=w.township, consent=True, actor=w.volunteer_user
        )
    task = VolunteerTask.objects.create(
        org=org,
        title="义诊",
        place="广场",
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=3),
        capacity=5,
        leader=cadre,
    )
    Signup.objects.create(task=task, volunteer=volunteer, hours=Decimal("2.5"), confirmed_at=at)

    Petition.objects.create(
        org=org,
        channel="visit",
        petitioner_name="丁",
        petitioner_phone="13800000000",
        subject="欠薪",
        content="c",
        received_on=day,
        reply_due=day + datetime.timedelta(days=15),
        replied_at=at + datetime.timedelta(days=30 if i % 4 == 3 else 2),
        state="replied",
    )
