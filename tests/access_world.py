"""The world of the access matrix (tests/core/test_access_matrix.py): one of everything, owned by
the first county (安平县), the personas who use it, and a second county whose cadre is the outsider.

Built through the services, on top of tests.factories.make_world and make_desk_world, once per
test module. Object pages of the matrix are filled from `world.params` (route name -> URL kwargs).
"""

import datetime
from pathlib import Path
from types import SimpleNamespace

from django.utils import timezone

from gonghui.accounts.models import Position, Role, User
from tests.factories import PASSWORD, make_cadre, make_desk_world, make_id_number, make_user, make_world

# Private data of the first county: none of these may appear in a page or answer that a cadre of
# another county gets (the outsider's leak check).
CANARY_PROBLEM = "矩阵核对问题消防通道堵塞"
CANARY_DIARY = "矩阵核对工情夜班食堂"
CANARY_PETITION = "矩阵核对信访拖欠工资"
CANARY_ORDER_PLACE = "矩阵核对华宇三楼会议室"
CANARY_TRIP = "矩阵核对富乐大巴进园区"
CANARY_APPLICANT = "矩阵核对申请人"
CANARY_TASK = "矩阵核对法律咨询志愿服务"
CANARY_PROGRAMME = "矩阵核对减重大赛"
CANARY_NOTICE = "矩阵核对城关镇停水通知"
CANARY_LECTURE_PLACE = "矩阵核对华宇二号车间"
CANARY_ACTIVITY = "矩阵核对职工篮球赛"
CANARY_CONTRACT = "矩阵核对华宇工资专项协商"  # rights: contracts

# Personas in the order of the matrix columns: (code, attribute of the world holding the user).
PERSONAS = (
    ("an", None),  # anonymous
    ("me", "member_user"),  # a member (worker) of the enterprise union
    ("vo", "volunteer_user"),  # a volunteer of the township, in a volunteer team, signed up for a task
    ("ec", "enterprise_contact"),  # contact of the enterprise (人事经理)
    ("uc", "unit_contact"),  # contact of a partner unit (市场监管局)
    ("tl", "team_leader"),  # leader of the county's legal service team
    ("ch", "union_chair"),  # chair of the enterprise (grassroots) union
    ("st", "union_staff"),  # staff of the enterprise union
    ("vw", "union_viewer"),  # read-only position in the enterprise union
    ("tw", "township_cadre"),  # staff of the township union above it
    ("co", "county_cadre"),  # chair of the county federation (with the personal-data permission)
    ("ou", "outsider"),  # chair of another county's federation
    ("su", "superuser"),  # platform superuser
)
PERSONA_CODES = tuple(code for code, _ in PERSONAS)
PERSONA_LABELS = {
    "an": "anonymous",
    "me": "member",
    "vo": "volunteer",
    "ec": "enterprise contact",
    "uc": "partner-unit contact",
    "tl": "service-team leader",
    "ch": "grassroots chair",
    "st": "grassroots staff",
    "vw": "grassroots viewer",
    "tw": "township cadre",
    "co": "county cadre",
    "ou": "outsider county cadre",
    "su": "platform superuser",
}


def build_access_world() -> SimpleNamespace:
    from gonghui.core.models import CalendarDay, Job, Notification
    from gonghui.core.tasks import result_file
    from gonghui.members.models import DataRequest
    from gonghui.members.selectors.lifecycle import card_token
    from gonghui.members.services import join as join_svc
    from gonghui.members.services import lifecycle as life_svc
    from gonghui.members.services import requests as req_svc
    from gonghui.orgs.models import NewFormRoute
    from gonghui.servicedesk.models import BusStop, ServiceTeamMember
    from gonghui.servicedesk.services import bus as bus_svc
    from gonghui.servicedesk.services import diary as diary_svc
    from gonghui.servicedesk.services import orders as order_svc
    from gonghui.servicedesk.services import petitions as petition_svc
    from gonghui.servicedesk.services import problems as problem_svc
    from gonghui.volunteers import services as vol_svc
    from gonghui.volunteers.certificates import certificate_token

    w = make_desk_world(make_world())
    today = timezone.localdate()
    year = today.year

    # the grassroots union's three roles, and the platform superuser
    w.union_chair = w.enterprise_cadre
    w.union_staff = make_cadre(w.union, name="钱工作", role=Role.STAFF)
    w.union_viewer = make_cadre(w.union, name="孙查看", role=Role.VIEWER)
    w.superuser = User.objects.create_superuser(make_phone(), PASSWORD, name="平台管理员")
    w.password = PASSWORD

    # membership: a pending join application, a transfer and a data request of the member
    w.application = join_svc.join_submit(
        name=CANARY_APPLICANT,
        id_number=make_id_number(),
        mobile=make_phone(),
        consent=True,
        enterprise=w.enterprise,
    )
    w.transfer = life_svc.transfer_request(member=w.member, to_org=w.park_joint, actor=w.member_user)
    w.data_request = req_svc.data_request_create(
        member=w.member, kind=DataRequest.Kind.ACCESS, details={}, actor=w.member_user
    )

    # the county cadre's finished export (with its file) and a notification for them
    w.job = Job.objects.create(
        kind="roster_export",
        org=w.county,
        created_by=w.county_cadre,
        state=Job.State.DONE,
        result={"download": "会员名册.xlsx"},
        finished_at=timezone.now(),
    )
    w.job_file = result_file(w.job)
    w.job_file.parent.mkdir(parents=True, exist_ok=True)
    w.job_file.write_bytes(b"PK\x03\x04 matrix")
    w.notification = Notification.objects.create(
        recipient=w.county_cadre, title="新的服务点单", url="/desk/board/", actor=w.enterprise_contact
    )

    # service desk: an order of the enterprise contact, a bus trip with a stop, a problem assigned
    # to the partner unit, a dialogue meeting, a diary entry with a follow-up, an online petition
    w.order = order_svc.order_place(
        item=w.lecture,
        orderer=w.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=w.enterprise,
        place=CANARY_ORDER_PLACE,
        wished_date=today + datetime.timedelta(days=14),
        expected_people=60,
    )
    w.orders = {"submitted": w.order}
    for state in ("accepted", "dispatched", "delivered"):
        order = order_svc.order_place(
            item=w.lecture,
            orderer=w.enterprise_contact,
            orderer_kind="enterprise",
            enterprise=w.enterprise,
            place=f"{CANARY_ORDER_PLACE}{state}",
            wished_date=today + datetime.timedelta(days=14),
            expected_people=60,
        )
        order_svc.order_accept(order=order, actor=w.county_cadre)
        if state != "accepted":
            order_svc.order_dispatch(
                order=order,
                team=w.legal_team,
                # served today: a team delivers (and the orderer rates) on or after the service date
                service_date=today,
                service_place="华宇公司三楼",
                actor=w.county_cadre,
            )
        if state == "delivered":
            order_svc.order_deliver(
                order=order, actor=w.team_leader, people_served=50, report="讲解劳动合同法"
            )
        w.orders[state] = order
    w.trip = bus_svc.trip_plan(
        org=w.county,
        title=CANARY_TRIP,
        date=today + datetime.timedelta(days=10),
        vehicle="富乐大巴",
        teams=[w.legal_team],
        items=[w.lecture],
        actor=w.county_cadre,
    )
    w.stop = bus_svc.stop_add(
        trip=w.trip,
        kind=BusStop.Kind.ENTERPRISE,
        place="华宇公司",
        enterprise=w.enterprise,
        actor=w.county_cadre,
    )
    bus_svc.stop_add(trip=w.trip, kind=BusStop.Kind.PARK, place="开发区", actor=w.county_cadre)
    w.problem = problem_svc.problem_raise(
        enterprise=w.enterprise,
        reporter=w.enterprise_contact,
        category="permits",
        title=CANARY_PROBLEM,
        description="新建车间消防通道被占用，多次反映未解决。",
    )
    problem_svc.problem_assign(problem=w.problem, unit=w.market_unit, actor=w.county_cadre)
    w.answered_problem = problem_svc.problem_raise(
        enterprise=w.enterprise,
        reporter=w.enterprise_contact,
        category="permits",
        title=CANARY_PROBLEM + "二",
        description="职工通勤班车停运。",
    )
    problem_svc.problem_assign(problem=w.answered_problem, unit=w.market_unit, actor=w.county_cadre)
    problem_svc.problem_answer(problem=w.answered_problem, actor=w.unit_contact, answer="已协调恢复班车。")
    w.meeting = problem_svc.meeting_schedule(
        org=w.county,
        title="亲清茶室第一期",
        date=today + datetime.timedelta(days=5),
        place="县总工会三楼",
        problems=[w.problem],
        actor=w.county_cadre,
    )
    w.diary = diary_svc.diary_entry_create(
        org=w.township,
        actor=w.township_cadre,
        visited_on=today,
        visited="车间一线职工8人",
        heard=CANARY_DIARY,
        enterprise=w.enterprise,
        follow_ups=[
            diary_svc.FollowUpPlan(
                description="协调企业延长食堂开放时间",
                due_date=today + datetime.timedelta(days=7),
                assignee=w.union_chair,
            )
        ],
    )
    w.follow_up = w.diary.follow_ups.get()
    w.petition = petition_svc.petition_submit_online(
        actor=w.member_user, org=w.county, subject=CANARY_PETITION, content="三个月未发工资。", consent=True
    )
    w.team_membership = ServiceTeamMember.objects.get(team=w.legal_team, user=w.team_leader)
    w.calendar_day = CalendarDay.objects.create(
        date=datetime.date(year, 12, 31), is_working_day=False, name="矩阵"
    )

    # volunteers: the volunteer in a team led by another volunteer, the team in an alliance, a task
    # of the township for the team with the volunteer signed up
    w.volunteer = vol_svc.volunteer_register(
        user=w.volunteer_user,
        org=w.township,
        skills="法律咨询",
        availability="周末",
        consent=True,
        actor=w.volunteer_user,
    )
    w.captain_user = make_user(name="队长何")
    w.captain = vol_svc.volunteer_register(
        user=w.captain_user,
        org=w.township,
        skills="组织",
        availability="周末",
        consent=True,
        actor=w.captain_user,
    )
    w.vteam = vol_svc.team_create(
        org=w.township, name="城关镇职工志愿服务队", leader=w.captain, actor=w.township_cadre
    )
    vol_svc.team_join(team=w.vteam, volunteer=w.volunteer, actor=w.volunteer_user)
    w.alliance = vol_svc.alliance_create(org=w.county, name="安平县职工志愿服务联盟", actor=w.county_cadre)
    vol_svc.alliance_team_add(alliance=w.alliance, team=w.vteam, actor=w.county_cadre)
    starts = timezone.now() + datetime.timedelta(days=2)
    w.task = vol_svc.task_create(
        org=w.township,
        title=CANARY_TASK,
        place="城关镇职工之家",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=5,
        leader=w.township_cadre,
        team=w.vteam,
        actor=w.township_cadre,
    )
    w.signup = vol_svc.signup_create(task=w.task, volunteer=w.volunteer, actor=w.volunteer_user)

    # tournaments: a tournament of the township with a division of two teams (the member captains
    # one), drawn and scheduled on one court
    from gonghui.tournaments import services as tour_svc
    from gonghui.tournaments.models import Division
    from tests.factories import make_member

    w.tournament = tour_svc.tournament_create(
        org=w.township, name="城关镇职工气排球赛", sport="气排球", actor=w.township_cadre
    )
    w.division = tour_svc.division_create(
        tournament=w.tournament, name="企业组", format=Division.Format.ROUND_ROBIN, actor=w.township_cadre
    )
    tour_svc.team_register(
        division=w.division, name="华宇一队", captain=w.member, players=[], actor=w.member_user
    )
    tour_svc.team_register(
        division=w.division,
        name="华宇二队",
        captain=make_member(w.union, name="队长丁"),
        players=[],
        actor=None,
    )
    tour_svc.court_add(tournament=w.tournament, name="1号场", actor=w.township_cadre)
    tour_svc.slots_add(
        tournament=w.tournament,
        first_day=today + datetime.timedelta(days=3),
        days=1,
        times=[datetime.time(9)],
        actor=w.township_cadre,
    )
    tour_svc.division_draw(division=w.division, actor=w.township_cadre)
    tour_svc.schedule_generate(tournament=w.tournament, actor=w.township_cadre)
    w.tmatch = w.tournament.matches.get()
    # fitness: a programme of the enterprise union with the member enrolled, a weigh-in waiting
    from gonghui.fitness import services as fit_svc

    w.programme = fit_svc.programme_create(
        org=w.union,
        title=CANARY_PROGRAMME,
        enrol_opens=today - datetime.timedelta(days=10),
        enrol_closes=today + datetime.timedelta(days=10),
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=40),
        actor=w.union_chair,
    )
    w.enrolment = fit_svc.enrol(programme=w.programme, user=w.member_user, height="170", actor=w.member_user)
    w.weigh_in = fit_svc.weigh_in_submit(
        enrolment=w.enrolment,
        measured_on=today - datetime.timedelta(days=1),
        weight="71.3",
        actor=w.member_user,
    )
    # notices: a notice of the township to all (members, cadres and volunteers of its subtree)
    from gonghui.lectures import services as lecture_svc
    from gonghui.notices import services as notice_svc
    from gonghui.servicedesk.models import Category, MenuItem

    w.notice = notice_svc.notice_publish(
        org=w.township, title=CANARY_NOTICE, body="明日停水。", audience_role="all", actor=w.township_cadre
    )
    # lectures: a county tour with a lecturer and a stop an hour ago, and an enterprise's lecture
    # request (an order of a lecture menu item) waiting to be scheduled
    w.lecturer = lecture_svc.lecturer_create(
        org=w.county, name="矩阵劳模", title="全国劳动模范", actor=w.county_cadre
    )
    w.tour = lecture_svc.tour_create(org=w.county, title="劳模工匠进企业", actor=w.county_cadre)
    w.lecture_stop = lecture_svc.stop_add(
        tour=w.tour,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        place=CANARY_LECTURE_PLACE,
        lecturer=w.lecturer,
        actor=w.county_cadre,
    )
    w.speech_item = MenuItem.objects.create(org=w.county, title="劳模工匠宣讲", category=Category.LECTURE)
    w.lecture_order = order_svc.order_place(
        item=w.speech_item,
        orderer=w.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=w.enterprise,
        place=CANARY_ORDER_PLACE + "宣讲",
        wished_date=today + datetime.timedelta(days=20),
        expected_people=80,
    )
    # activities: an activity of the township for its members, the member registered, a photo
    from django.core.files.base import ContentFile

    from gonghui.activities import services as act_svc
    from gonghui.activities.models import Photo

    w.activity = act_svc.activity_publish(
        org=w.township,
        kind="sports",
        title=CANARY_ACTIVITY,
        place="城关镇体育馆",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=50,
        family_max=2,
        actor=w.township_cadre,
    )
    w.registration = act_svc.registration_create(activity=w.activity, actor=w.member_user)
    w.photo = Photo(activity=w.activity, content_type="image/png", uploaded_by=w.township_cadre)
    w.photo.image.save("m.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 32), save=True)

    # care: recuperation (a programme of the enterprise union with one trip; the member applied)
    from gonghui.care.services import recuperation as recup_svc

    w.recup_programme = recup_svc.programme_create(
        org=w.union,
        title="矩阵核对疗休养千岛湖",
        destination="千岛湖职工疗休养基地",
        price_cap="450.00",
        closes_at=timezone.now() + datetime.timedelta(days=3),
        priority_groups=["front_line"],
        trips=[
            {
                "starts_on": today + datetime.timedelta(days=20),
                "ends_on": today + datetime.timedelta(days=24),
                "capacity": 10,
            }
        ],
        actor=w.union_chair,
    )
    w.recup_trip = w.recup_programme.trips.get()
    w.recup_application = recup_svc.application_submit(
        programme=w.recup_programme, trip=w.recup_trip, actor=w.member_user
    )
    # care: end recuperation

    # care: honors (a ceremony of the enterprise union; a retired member honoured, certificate issued)
    from gonghui.care.services import honors as honors_svc
    from tests.factories import make_member

    w.ceremony = honors_svc.ceremony_create(
        org=w.union,
        title="矩阵核对荣退仪式",
        held_on=today,
        place="华宇职工之家",
        period_start=today - datetime.timedelta(days=365),
        period_end=today + datetime.timedelta(days=365),
        actor=w.union_chair,
    )
    w.retiree = make_member(
        w.union,
        name="矩阵核对退休",
        id_number=make_id_number(birth=datetime.date(1966, 1, 5)),
        mobile=make_phone(),
    )
    w.honouree = honors_svc.honouree_add(
        ceremony=w.ceremony,
        member=w.retiree,
        retired_on=today - datetime.timedelta(days=30),
        actor=w.union_chair,
    )
    # care: end honors

    # one row of every model the admin lists that nothing above made
    from django.contrib.auth.models import Group

    from gonghui.accounts.models import ApiToken
    from gonghui.members.services.lifecycle import member_reveal_id_number
    from gonghui.servicedesk.services.settings import desk_settings_update

    Group.objects.create(name="矩阵核对组")
    w.api_token, _key = ApiToken.issue(user=w.member_user, name="矩阵核对令牌")
    from gonghui.core.pii import mask_id_number
    from gonghui.members.models import SuspectedDuplicate

    w.duplicate = SuspectedDuplicate.objects.create(id_number_masked=mask_id_number("11010519491231002X"))
    w.duplicate.members.add(w.member)
    member_reveal_id_number(member=w.member, actor=w.county_cadre, purpose="核对")
    desk_settings_update(
        org=w.county,
        actor=w.county_cadre,
        dispatch_within_days=5,
        problem_due_days=10,
        petition_reply_days=15,
    )
    bus_svc.stop_service_record(stop=w.stop, item=w.lecture, people_served=30, actor=w.county_cadre)
    from gonghui.care.services.honors import CERTIFICATE
    from gonghui.core import documents

    documents.template_save(  # the county's own certificate (the default's copy)
        key=CERTIFICATE,
        org=w.county,
        content=documents.default_template(CERTIFICATE),
        filename="荣退证书.docx",
        actor=w.county_cadre,
    )

    w.route = NewFormRoute.objects.get(area=w.county)
    w.position = Position.objects.get(user=w.union_viewer)
    w.year = year
    w.personal_canaries = (CANARY_APPLICANT, w.member.name, w.member_user.phone)
    w.canaries = (
        CANARY_PROBLEM,
        CANARY_DIARY,
        CANARY_PETITION,
        CANARY_ORDER_PLACE,
        CANARY_TRIP,
        CANARY_APPLICANT,
        CANARY_TASK,
        CANARY_PROGRAMME,
        CANARY_NOTICE,
        CANARY_ACTIVITY,
        w.member.name,
        w.member_user.phone,
    )
    # care: hardship — the member's file, proposed by the enterprise union, waiting at the township
    from gonghui.care.services import hardship as hardship_svc

    hardship_svc.poverty_line_set(org=w.county, year=year, minimum_living=800, actor=w.county_cadre)
    w.hardship_file = hardship_svc.file_create(
        member=w.member,
        actor=w.union_chair,
        cause="illness",
        household_size=2,
        household_income=900,
        health="矩阵病情",
        bank_account="6228480402123456789",
    )
    w.hardship_person = hardship_svc.household_add(
        file=w.hardship_file,
        actor=w.union_chair,
        name="矩阵家属",
        relation="child",
        birth_year=2015,
        situation="student",
    )
    hardship_svc.file_act(file=w.hardship_file, action="submit", actor=w.union_chair)
    # and another worker's file on file, with one aid
    on_file = hardship_svc.file_create(
        member=make_member(w.union, name="矩阵困难职工"),
        actor=w.union_chair,
        cause="disaster",
        household_size=1,
        household_income=1000,
    )
    for actor in (w.union_chair, w.township_cadre, w.county_cadre):
        hardship_svc.file_act(
            file=on_file, action="submit" if actor is w.union_chair else "approve", actor=actor
        )
    hardship_svc.assistance_add(
        file=on_file, org=w.county, actor=w.county_cadre, kind="cash", need="春节", amount=500, given_on=today
    )

    # rights: letters — the county's opinion letter to 华宇, issued and served, awaiting the reply
    from gonghui.rights.services import letters as letter_svc

    letter_svc.settings_save(org=w.county, organ_code="安工函", reply_days=15, actor=w.county_cadre)
    w.letter = letter_svc.letter_create(
        org=w.county,
        kind="opinion",
        enterprise=w.enterprise,
        problem="wages",
        title="关于依法足额支付职工工资的意见书",
        facts="矩阵函件事实",
        demands="请依法支付。",
        actor=w.county_cadre,
    )
    letter_svc.letter_issue(letter=w.letter, actor=w.county_cadre)
    letter_svc.letter_serve(
        letter=w.letter, served_on=today, how="direct", signed_by="吴晓敏", actor=w.county_cadre
    )
    # rights: contracts — the enterprise union's round in negotiation (a demand, a meeting) and its
    # published contract in force, which the member sees
    import datetime as _dt

    from gonghui.rights.services import contracts as contract_svc

    w.contract_round = contract_svc.round_start(
        org=w.union,
        actor=w.union_chair,
        title=CANARY_CONTRACT,
        kind="wage",
        starts_on=today + _dt.timedelta(days=60),
        ends_on=contract_svc.add_years(today + _dt.timedelta(days=60), 1) - _dt.timedelta(days=1),
        employees_covered=180,
        enterprises=[w.enterprise],
        started_on=today - _dt.timedelta(days=30),
    )
    contract_svc.demand_add(round=w.contract_round, actor=w.union_chair, text="矩阵核对夜班津贴")
    contract_svc.meeting_add(
        round=w.contract_round, actor=w.union_chair, held_on=today, place="华宇三楼", minutes="矩阵核对纪要"
    )
    w.contract_in_force_round = contract_svc.round_start(
        org=w.union,
        actor=w.union_chair,
        title="矩阵综合性集体合同",
        kind="comprehensive",
        starts_on=today - _dt.timedelta(days=30),
        ends_on=contract_svc.add_years(today - _dt.timedelta(days=30), 3) - _dt.timedelta(days=1),
        employees_covered=180,
        enterprises=[w.enterprise],
        started_on=today - _dt.timedelta(days=90),
    )
    contract_svc.vote_record(
        round=w.contract_in_force_round,
        actor=w.union_chair,
        voted_on=today - _dt.timedelta(days=60),
        representatives_total=30,
        representatives_present=25,
        votes_in_favour=20,
    )
    contract_svc.contract_file(
        contract=w.contract_in_force_round.contract,
        actor=w.union_chair,
        filed_on=today - _dt.timedelta(days=55),
        filed_with="安平县人社局",
    )
    contract_svc.contract_publish(
        contract=w.contract_in_force_round.contract,
        actor=w.union_chair,
        published_on=today - _dt.timedelta(days=20),
    )
    w.canaries = (*w.canaries, CANARY_CONTRACT)

    w.params = {
        # dashboard: the township's glance (the enterprise union's cadres are below it: 404)
        "dashboard:glance": {"uuid": w.township.uuid},
        "dashboard:chart": {"uuid": w.township.uuid, "key": "members.joined_by_month"},
        "dashboard:ranking": {"uuid": w.township.uuid, "key": "orgs.formation_rate"},
        "dashboard:export": {"uuid": w.township.uuid},
        "dashboard:targets": {"uuid": w.township.uuid},
        # accounts
        "accounts:position_revoke": {"pk": w.position.pk},
        "accounts:token_revoke": {"pk": w.api_token.pk},
        "members:duplicate_detail": {"uuid": w.duplicate.uuid},
        # orgs
        "orgs:detail": {"uuid": w.union.uuid},
        "orgs:create": {"uuid": w.union.uuid},
        "orgs:edit": {"uuid": w.union.uuid},
        "orgs:pipeline_export": {"uuid": w.union.uuid},
        "orgs:enterprise_detail": {"uuid": w.enterprise.uuid},
        "orgs:enterprise_edit": {"uuid": w.enterprise.uuid},
        "orgs:enterprise_formation": {"uuid": w.enterprise.uuid},
        "orgs:route_delete": {"pk": w.route.pk},
        # members
        "members:join_status": {"uuid": w.application.uuid},
        "members:application_detail": {"uuid": w.application.uuid},
        "members:application_approve": {"uuid": w.application.uuid},
        "members:application_reject": {"uuid": w.application.uuid},
        "members:verify": {"token": card_token(w.member)},
        "members:detail": {"uuid": w.member.uuid},
        "members:reveal_id": {"uuid": w.member.uuid},
        "members:transfer_request": {"uuid": w.member.uuid},
        "members:leave": {"uuid": w.member.uuid},
        "members:retire": {"uuid": w.member.uuid},
        "members:rejoin": {"uuid": w.member.uuid},
        "members:transfer_detail": {"uuid": w.transfer.uuid},
        "members:transfer_decide": {"uuid": w.transfer.uuid, "action": "approve"},
        "members:data_request_decide": {"uuid": w.data_request.uuid, "action": "complete"},
        # core
        "core:job_detail": {"job_uuid": w.job.uuid},
        "core:job_download": {"job_uuid": w.job.uuid},
        "core:notification_open": {"pk": w.notification.pk},
        # service desk
        "servicedesk:menu_item_edit": {"pk": w.lecture.pk},
        "servicedesk:menu_item_toggle": {"pk": w.lecture.pk},
        "servicedesk:order_create": {"pk": w.lecture.pk},
        "servicedesk:team_detail": {"pk": w.legal_team.pk},
        "servicedesk:team_edit": {"pk": w.legal_team.pk},
        "servicedesk:team_leader": {"pk": w.legal_team.pk},
        "servicedesk:team_member_add": {"pk": w.legal_team.pk},
        "servicedesk:team_member_remove": {"pk": w.legal_team.pk, "member_pk": w.team_membership.pk},
        "servicedesk:order_detail": {"uuid": w.order.uuid},
        "servicedesk:order_action": {"uuid": w.order.uuid, "action": "accept"},
        "servicedesk:trip_detail": {"uuid": w.trip.uuid},
        "servicedesk:trip_edit": {"uuid": w.trip.uuid},
        "servicedesk:trip_report": {"uuid": w.trip.uuid},
        "servicedesk:stop_add": {"uuid": w.trip.uuid},
        "servicedesk:stop_move": {"uuid": w.trip.uuid, "pk": w.stop.pk, "direction": "down"},
        "servicedesk:stop_remove": {"uuid": w.trip.uuid, "pk": w.stop.pk},
        "servicedesk:stop_service": {"uuid": w.trip.uuid, "pk": w.stop.pk},
        "servicedesk:trip_complete": {"uuid": w.trip.uuid},
        "servicedesk:trip_cancel": {"uuid": w.trip.uuid},
        "servicedesk:problem_detail": {"uuid": w.problem.uuid},
        "servicedesk:problem_assign": {"uuid": w.problem.uuid},
        "servicedesk:problem_answer": {"uuid": w.problem.uuid},
        "servicedesk:problem_confirm": {"uuid": w.answered_problem.uuid},
        "servicedesk:problem_reopen": {"uuid": w.answered_problem.uuid},
        "servicedesk:problem_close": {"uuid": w.answered_problem.uuid},
        "servicedesk:meeting_schedule": {"uuid": w.problem.uuid},
        "servicedesk:meeting_detail": {"uuid": w.meeting.uuid},
        "servicedesk:unit_detail": {"pk": w.market_unit.pk},
        "servicedesk:unit_edit": {"pk": w.market_unit.pk},
        "servicedesk:diary_detail": {"uuid": w.diary.uuid},
        "servicedesk:followup_complete": {"pk": w.follow_up.pk},
        "servicedesk:petition_detail": {"uuid": w.petition.uuid},
        "servicedesk:petition_assign": {"uuid": w.petition.uuid},
        "servicedesk:petition_reply": {"uuid": w.petition.uuid},
        "servicedesk:petition_close": {"uuid": w.petition.uuid},
        "servicedesk:petition_phone": {"uuid": w.petition.uuid},
        "servicedesk:settings_edit": {"uuid": w.county.uuid},
        "servicedesk:calendar_remove": {"date": w.calendar_day.date.isoformat()},
        # volunteers
        "volunteers:my_certificate": {"year": year},
        "volunteers:certificate": {"uuid": w.volunteer.uuid, "year": year},
        "volunteers:certificate_verify": {"token": certificate_token(w.volunteer, year, 3)},
        "volunteers:team_detail": {"uuid": w.vteam.uuid},
        "volunteers:team_join": {"uuid": w.vteam.uuid},
        "volunteers:team_leader": {"uuid": w.vteam.uuid},
        "volunteers:team_member_remove": {"uuid": w.vteam.uuid, "volunteer_uuid": w.volunteer.uuid},
        "volunteers:alliance_detail": {"pk": w.alliance.pk},
        "volunteers:alliance_team_add": {"pk": w.alliance.pk},
        "volunteers:alliance_team_remove": {"pk": w.alliance.pk, "team_uuid": w.vteam.uuid},
        "volunteers:task_detail": {"uuid": w.task.uuid},
        "volunteers:task_signup": {"uuid": w.task.uuid},
        "volunteers:task_withdraw": {"uuid": w.task.uuid},
        "volunteers:task_close": {"uuid": w.task.uuid},
        "volunteers:task_cancel": {"uuid": w.task.uuid},
        "volunteers:task_rotate_code": {"uuid": w.task.uuid},
        "volunteers:hours_confirm": {"uuid": w.task.uuid, "pk": w.signup.pk},
        "volunteers:task_scan": {"uuid": w.task.uuid},
        "volunteers:task_scan_batch": {"uuid": w.task.uuid},
        "volunteers:checkin": {"task_uuid": w.task.uuid, "token": vol_svc.checkin_token(w.task)},
        # tournaments
        **{
            f"tournaments:{name}": {"uuid": w.tournament.uuid}
            for name in (
                "detail",
                "schedule",
                "standings",
                "bracket",
                "manage",
                "division_add",
                "court_add",
                "slots_add",
                "schedule_generate",
            )
        },
        "tournaments:division_draw": {"uuid": w.division.uuid},
        "tournaments:team_register": {"uuid": w.division.uuid},
        "tournaments:swiss_next": {"uuid": w.division.uuid},
        "tournaments:match": {"uuid": w.tmatch.uuid},
        "tournaments:match_result": {"uuid": w.tmatch.uuid},
        "tournaments:match_move": {"uuid": w.tmatch.uuid},
        # fitness
        "fitness:programme_detail": {"uuid": w.programme.uuid},
        "fitness:enrol": {"uuid": w.programme.uuid},
        "fitness:my_weigh_ins": {"uuid": w.programme.uuid},
        "fitness:weigh_in_submit": {"uuid": w.programme.uuid},
        "fitness:leaderboard": {"uuid": w.programme.uuid},
        "fitness:manage": {"uuid": w.programme.uuid},
        "fitness:contest_create": {"uuid": w.programme.uuid},
        "fitness:team_create": {"uuid": w.programme.uuid},
        "fitness:team_assign": {"uuid": w.programme.uuid},
        "fitness:queue": {"uuid": w.programme.uuid},
        "fitness:weigh_in_record": {"uuid": w.programme.uuid},
        "fitness:weigh_in_decide": {
            "uuid": w.programme.uuid,
            "weigh_in_uuid": w.weigh_in.uuid,
            "action": "confirm",
        },
        "fitness:participant": {"uuid": w.programme.uuid, "enrolment_uuid": w.enrolment.uuid},
        # notices
        "notices:detail": {"uuid": w.notice.uuid},
        "notices:edit": {"uuid": w.notice.uuid},
        "notices:withdraw": {"uuid": w.notice.uuid},
        "notices:reads": {"uuid": w.notice.uuid},
        # lectures
        "lectures:tour_detail": {"uuid": w.tour.uuid},
        "lectures:tour_public": {"uuid": w.tour.uuid},
        "lectures:stop_add": {"uuid": w.tour.uuid},
        "lectures:stop_record": {"uuid": w.tour.uuid, "pk": w.lecture_stop.pk},
        "lectures:stop_cancel": {"uuid": w.tour.uuid, "pk": w.lecture_stop.pk},
        "lectures:request_schedule": {"uuid": w.lecture_order.uuid},
        # activities
        **{
            f"activities:{name}": {"uuid": w.activity.uuid}
            for name in (
                "detail",
                "ics",
                "register",
                "edit",
                "cancel",
                "registrations",
                "summary",
                "photo_upload",
                "scan",
                "scan_batch",
            )
        },
        "activities:photo": {"uuid": w.activity.uuid, "pk": w.photo.pk},
        **{
            f"activities:{name}": {"uuid": w.registration.uuid}
            for name in ("registration", "withdraw", "accept")
        },
        # care: hardship
        **{
            f"care:hardship_{name}": {"uuid": w.hardship_file.uuid}
            for name in (
                "detail",
                "edit",
                "private",
                "act",
                "household_add",
                "assistance_add",
                "income_add",
                "review",
                "exit",
            )
        },
        "care:hardship_household_remove": {"uuid": w.hardship_file.uuid, "pk": w.hardship_person.pk},
        # rights: letters
        **{
            f"rights:letter_{name}": {"uuid": w.letter.uuid}
            for name in (
                "detail",
                "edit",
                "issue",
                "serve",
                "reply",
                "verify",
                "close",
                "escalate",
                "docx",
                "print",
                "evidence",
            )
        },
        # rights: contracts
        **{
            f"rights:contracts_{name}": {"uuid": w.contract_round.uuid}
            for name in (
                "round",
                "edit",
                "demand",
                "meeting",
                "vote",
                "file",
                "objection",
                "publish",
                "renew",
            )
        },
        # care: recuperation
        **{
            f"care:recuperation_{name}": {"uuid": w.recup_programme.uuid}
            for name in ("detail", "apply", "applications", "draw", "cancel")
        },
        **{f"care:recuperation_{name}": {"uuid": w.recup_trip.uuid} for name in ("roster", "roster_export")},
        **{
            f"care:recuperation_{name}": {"uuid": w.recup_application.uuid}
            for name in ("application", "withdraw", "accept", "priority")
        },
        # care: end recuperation
        # care: honors
        **{f"care:honors_{name}": {"uuid": w.ceremony.uuid} for name in ("detail", "add")},
        "care:honors_certificate": {"uuid": w.honouree.uuid},
        # care: end honors
    }
    # API path parameters ({uuid} or {token} of an operation's path): the operation names one of these
    w.api_objects = {
        "org": w.union.uuid,
        "application": w.application.uuid,
        "order": w.order.uuid,
        "accepted_order": w.orders["accepted"].uuid,
        "dispatched_order": w.orders["dispatched"].uuid,
        "delivered_order": w.orders["delivered"].uuid,
        "problem": w.problem.uuid,
        "answered_problem": w.answered_problem.uuid,
        "petition": w.petition.uuid,
        "task": w.task.uuid,
        "tournament": w.tournament.uuid,
        "tournament_match": w.tmatch.uuid,
        "programme": w.programme.uuid,
        "notice": w.notice.uuid,
        "tour": w.tour.uuid,
        "activity": w.activity.uuid,
        "registration": w.registration.uuid,
        "letter": w.letter.uuid,
        # care: recuperation
        "recup_programme": w.recup_programme.uuid,
        "recup_application": w.recup_application.uuid,
        # care: end recuperation
        # care: honors
        "retirement_honouree": w.honouree.uuid,
        # care: end honors
        "card": card_token(w.member),
        "token": w.api_token.pk,
    }
    # care: wishes — the member's wish, published by the township (on the wall: anyone logged in
    # may open and claim it, the wisher masked); a rider's wish claimed by the volunteer and
    # fulfilled with a photo
    from gonghui.care.services import wishes as wish_svc
    from tests.factories import make_member

    w.wish = wish_svc.wish_post(
        kind="work", title="矩阵核对防寒服", reason="冬天送餐冷", amount="200", actor=w.member_user
    )
    wish_svc.wish_publish(wish=w.wish, actor=w.township_cadre)
    wish_svc.wish_cap_set(org=w.county, cap="500", actor=w.county_cadre)
    w.wish_rider = make_user(name="矩阵骑手")
    make_member(
        w.union, name="矩阵骑手", user=w.wish_rider, mobile=w.wish_rider.phone, job_type="delivery_rider"
    )
    w.fulfilled_wish = wish_svc.wish_post(
        kind="work", title="矩阵核对头盔", reason="头盔坏了", amount="120", actor=w.wish_rider
    )
    wish_svc.wish_publish(wish=w.fulfilled_wish, actor=w.township_cadre)
    wish_svc.wish_claim(wish=w.fulfilled_wish, actor=w.volunteer_user)
    wish_svc.wish_fulfil(
        wish=w.fulfilled_wish,
        upload=ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 32, name="w.png"),
        actor=w.volunteer_user,
    )
    w.params.update(
        {
            **{
                f"care:wishes_{name}": {"uuid": w.wish.uuid}
                for name in ("detail", "publish", "refuse", "withdraw", "claim", "release", "fulfil")
            },
            **{
                f"care:wishes_{name}": {"uuid": w.fulfilled_wish.uuid}
                for name in ("confirm", "not_received", "photo")
            },
        }
    )
    w.api_objects.update({"wish": w.wish.uuid, "fulfilled_wish": w.fulfilled_wish.uuid})
    # care: women — a health check of the member by the enterprise union (details encrypted) and
    # its mother-and-baby room
    from gonghui.care.services import women as women_svc

    w.women_record = women_svc.record_add(
        org=w.union,
        kind="health",
        date=today,
        people_reached=1,
        member_no=w.member.member_no,
        health_details="矩阵核对体检结节",
        actor=w.union_chair,
    )
    w.women_place = women_svc.place_add(
        org=w.union, name="矩阵核对爱心妈妈小屋", address="华宇办公楼2楼", actor=w.union_chair
    )
    w.params.update(
        {
            "care:women_record": {"uuid": w.women_record.uuid},
            "care:women_record_reveal": {"uuid": w.women_record.uuid},
            "care:women_place_toggle": {"uuid": w.women_place.uuid},
        }
    )
    w.canaries = (*w.canaries, "矩阵核对体检结节")
    # care: welfare — the county's festival rule, a batch of the enterprise union computed (the
    # member's gift reserved), and a condolence request for the member waiting at the township
    from gonghui.care.services import welfare as welfare_svc

    w.welfare_rule = welfare_svc.rule_save(
        org=w.county,
        occasion="festival",
        data={"cap_per_year": "2200", "allow_goods": True, "allow_voucher": True, "retired_eligible": True},
        actor=w.county_cadre,
    )
    w.welfare_batch = welfare_svc.batch_create(
        org=w.union,
        title="矩阵核对春节慰问",
        occasion="festival",
        description="米面油礼包",
        value="300",
        form="goods",
        date=today,
        actor=w.union_chair,
    )
    welfare_svc.batch_compute(batch=w.welfare_batch)
    w.welfare_batch.refresh_from_db()
    w.welfare_request = welfare_svc.condolence_request_create(
        member=w.member,
        occasion="hospital",
        event_date=today,
        amount="500",
        form="goods",
        case_ref="矩阵核对住院",
        actor=w.union_chair,
    )
    w.params.update(
        {
            "care:welfare_rule_edit": {"pk": w.welfare_rule.pk},
            "care:welfare_rule_delete": {"pk": w.welfare_rule.pk},
            **{
                f"care:welfare_batch_{name}": {"uuid": w.welfare_batch.uuid}
                for name in ("detail", "compute", "close", "point", "point_rotate", "export")
            },
            "care:welfare_gift_sign": {"uuid": w.welfare_batch.uuid},
            "care:welfare_gift_confirm": {"uuid": w.welfare_batch.uuid, "member_uuid": w.member.uuid},
            "care:welfare_scan": {"token": welfare_svc.point_token(w.welfare_batch)},
            "care:welfare_request_detail": {"uuid": w.welfare_request.uuid},
            "care:welfare_request_action": {"uuid": w.welfare_request.uuid, "action": "approve"},
        }
    )
    w.api_objects["welfare_batch"] = w.welfare_batch.uuid
    # care: welfare (end)
    # rights: legal — a county lawyer advising the enterprise, the member's hotline consultation and
    # their case (from it) at the enterprise union, open in the mediation stage
    from gonghui.rights.services import legal as legal_svc

    w.legal_lawyer = legal_svc.lawyer_save(
        org=w.county,
        actor=w.county_cadre,
        name="矩阵律师",
        firm="矩阵律师事务所",
        kind="retained",
        enterprises=[w.enterprise],
    )
    w.legal_consultation = legal_svc.consultation_record(
        org=w.union,
        actor=w.union_chair,
        channel="hotline",
        topic="wages",
        summary="矩阵核对法援拖欠工资",
        member=w.member,
        enterprise=w.enterprise,
    )
    w.legal_case = legal_svc.case_open(
        actor=w.union_chair, consultation=w.legal_consultation, amount_claimed=9000
    )
    legal_svc.case_advance(
        case=w.legal_case,
        actor=w.union_chair,
        stage="mediation",
        on=today,
        outcome="企业同意调解",
        next_days=3,
    )
    w.params.update(
        {
            **{
                f"rights:legal_case_{name}": {"uuid": w.legal_case.uuid}
                for name in ("detail", "lawyer", "stage", "amounts", "close")
            },
            **{
                f"rights:legal_consultation_{name}": {"uuid": w.legal_consultation.uuid}
                for name in ("detail", "answer", "case")
            },
            "rights:legal_lawyer_edit": {"uuid": w.legal_lawyer.uuid},
            "rights:legal_my_case": {"uuid": w.legal_case.uuid},
            "rights:legal_my_case_rate": {"uuid": w.legal_case.uuid},
        }
    )
    w.api_objects["legal_case"] = w.legal_case.uuid
    w.canaries = (*w.canaries, "矩阵核对法援拖欠工资")  # the consultation's (and the case's) summary
    return w


_phones = iter(range(90_000_001, 99_999_999))


def make_phone() -> str:
    return f"137{next(_phones):08d}"


def cleanup_access_world(w: SimpleNamespace) -> None:
    path: Path = w.job_file
    path.unlink(missing_ok=True)
    w.photo.image.delete(save=False)
    w.fulfilled_wish.photo.delete(save=False)  # care: wishes
