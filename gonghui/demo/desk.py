"""The demo county's service desk and volunteers: a season of the federation's daily work.

`load_desk()` runs on top of the demo county (gonghui.demo.load) and builds, through the real
services: five service teams, a service menu, about 120 orders from workers, enterprise contacts
and grassroots unions over the last four months, two trips of the service bus (富乐大巴), five
partner units, about 100 problems with two dialogue meetings, worker-diary entries with follow-ups,
petitions, about 80 volunteers in teams and an alliance, tasks with sign-ups, check-ins and
confirmed hours, and the notifications all of that sends.

The past is replayed, not painted: every step is a timed event (an order placed on a Tuesday in
June, accepted the next morning, dispatched, delivered, rated), and the events run in date order
with Django's clock (`django.utils.timezone.now`) set to the event's moment. So the services'
own rules (no wished date in the past, sign-up before the start, check-in inside the window),
their timestamps, transition logs and notifications are those of that day, and the overdue
escalation runs every morning as the scheduled command would. Steps due after the real "now" do
not happen: that is what leaves recent orders waiting, jobs upcoming and problems open.

Idempotent: the 法安先锋 team of the county federation is the marker.
"""

import datetime
import heapq
import random
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Count, F
from django.utils import timezone

from gonghui.accounts.models import Position, Role, User
from gonghui.demo import names as N

SEED = 2027
SEASON_DAYS = 120  # the season of orders and problems: the last four months
MARKER_TEAM = "法安先锋"


@dataclass(frozen=True)
class DeskLogin:
    role: str
    phone: str
    name: str


LOGINS = (
    DeskLogin("服务队队长（法安先锋）", "13800000006", "郑律言"),
    DeskLogin("企业联络人（桐川华宇机械制造有限公司）", "13800000007", "吴晓敏"),
    DeskLogin("志愿者（城关镇职工志愿服务队）", "13800000008", "何静怡"),
    DeskLogin("责任单位联系人（桐川县市场监督管理局）", "13800000009", "曹振国"),
)

TEAMS = (
    ("康体活力", "县人民医院、中医院医务人员和健身指导员组成，提供义诊、理疗和健身指导。", "冯立新"),
    (
        "法安先锋",
        "律师、法律工作者和劳动争议调解员组成，开展普法讲座和维权咨询。",
        None,
    ),  # leader: a demo login
    ("文艺风尚", "县文化馆老师和职工文艺骨干组成，送演出、送培训进企业。", "邵雅琴"),
    ("技能帮帮团", "技能大师工作室和职业院校教师组成，开展技能培训和便民维修。", "罗建国"),
    ("心灵驿站", "心理咨询师和社工组成，开展心理健康讲座和个体咨询。", "叶心怡"),
)

# title, category, team, minutes, people, bus, workers, enterprises, unions, description
MENU = (
    (
        "职工健康义诊",
        "health",
        "康体活力",
        180,
        200,
        True,
        False,
        True,
        True,
        "血压血糖检测、内科外科问诊、健康咨询。",
    ),
    (
        "中医推拿理疗",
        "health",
        "康体活力",
        120,
        40,
        True,
        True,
        True,
        True,
        "颈肩腰腿不适的推拿、艾灸和理疗。",
    ),
    ("工间操与健身指导", "health", "康体活力", 60, 80, False, True, True, True, "教授工间操，指导科学健身。"),
    (
        "劳动法律法规讲座",
        "legal",
        "法安先锋",
        90,
        100,
        True,
        False,
        True,
        True,
        "劳动合同法、工伤保险条例等以案说法。",
    ),
    (
        "劳动维权法律咨询",
        "legal",
        "法安先锋",
        120,
        30,
        True,
        True,
        True,
        True,
        "欠薪、工伤、劳动合同纠纷的一对一咨询。",
    ),
    (
        "防范电信诈骗与金融知识讲座",
        "finance",
        "法安先锋",
        60,
        120,
        True,
        True,
        True,
        True,
        "识别诈骗套路，理性借贷与理财。",
    ),
    (
        "文艺演出进企业",
        "culture",
        "文艺风尚",
        90,
        300,
        False,
        False,
        True,
        True,
        "歌舞、戏曲、小品专场演出。",
    ),
    ("书法摄影兴趣培训", "culture", "文艺风尚", 120, 30, False, True, True, True, "四次课程，结业作品展。"),
    (
        "电工技能提升培训",
        "skills",
        "技能帮帮团",
        240,
        40,
        False,
        False,
        True,
        True,
        "低压电工实操与安全规范，可衔接取证。",
    ),
    ("电商直播技能培训", "skills", "技能帮帮团", 180, 50, False, True, True, True, "短视频与直播带货入门。"),
    ("家电维修便民服务", "daily", "技能帮帮团", 180, 60, True, True, True, True, "小家电、电动车免费检修。"),
    ("爱心义剪", "daily", "康体活力", 180, 60, True, True, True, True, "理发师志愿者现场理发。"),
    (
        "心理健康讲座与团体辅导",
        "psychology",
        "心灵驿站",
        90,
        60,
        True,
        False,
        True,
        True,
        "压力管理、情绪调适团体辅导。",
    ),
    ("一对一心理咨询", "psychology", "心灵驿站", 60, 6, False, True, False, True, "预约制，严格保密。"),
)

UNITS = (
    ("桐川县市场监督管理局", "市场监管", "曹振国"),
    ("桐川县人力资源和社会保障局", "人社", "沈丽华"),
    ("国家税务总局桐川县税务局", "税务", "周海涛"),
    ("桐川县自然资源和规划局", "自然资源和规划", "钱志远"),
    ("桐川县住房和城乡建设局", "住建", "魏国平"),
)
UNIT_FOR_CATEGORY = {
    "labor": 1,
    "wages": 1,
    "insurance": 1,
    "talent": 1,
    "tax": 2,
    "finance": 2,
    "permits": 0,
    "safety": 0,
    "infrastructure": 4,
    "other": 3,
}

PROBLEMS = {
    "labor": [
        (
            "部分岗位劳动合同续签不规范",
            "一线岗位有十余名职工劳动合同到期后未及时续签，企业希望获得合同范本和续签指导。",
        ),
        ("劳务派遣用工比例超标", "旺季临时增加劳务派遣人员，用工比例接近上限，希望了解调整办法。"),
    ],
    "wages": [
        ("计件工资标准与职工存在分歧", "新产品线计件单价下调后职工意见较大，希望开展工资集体协商。"),
        ("夜班津贴发放标准不明确", "职工反映夜班津贴标准多年未调整，企业希望了解本地参考标准。"),
    ],
    "insurance": [
        ("新入职职工社保增员办理慢", "本月新入职职工较多，社保增员办理需多次往返，希望开通绿色通道。"),
        ("工伤认定材料准备不清楚", "一名职工上班途中受伤，企业不清楚工伤认定需要准备哪些材料。"),
    ],
    "safety": [
        ("厂区特种设备年检排队时间长", "叉车和起重机年检预约排期较长，影响正常生产。"),
        ("高温作业防护措施需要指导", "铸造车间夏季温度高，希望专家指导防暑降温措施。"),
    ],
    "tax": [
        ("研发费用加计扣除政策咨询", "企业今年研发投入增加，希望了解研发费用加计扣除的申报口径。"),
        ("出口退税进度较慢", "上季度出口退税尚未到账，资金周转压力较大。"),
    ],
    "finance": [
        ("技改项目融资需求", "计划购置自动化生产线，需融资约800万元，希望对接银行。"),
        ("小微企业贷款续贷困难", "一笔流动资金贷款即将到期，续贷审批材料较多。"),
    ],
    "talent": [
        ("数控技工招聘困难", "数控车床操作工缺口约20人，希望参加县里的招聘活动。"),
        ("职工子女入学咨询", "外地职工子女秋季入学需要办理哪些手续，希望统一对接。"),
    ],
    "permits": [
        ("食品经营许可证变更登记", "企业食堂扩建，需要变更食品经营许可，希望指导办理流程。"),
        ("新产品认证检测周期长", "新产品上市前需要检测认证，希望了解就近检测机构。"),
    ],
    "infrastructure": [
        ("厂区门口道路破损积水", "厂区门口道路坑洼，雨天积水，职工上下班不便。"),
        ("园区公交班次少", "职工通勤依赖公交，早晚高峰班次少，希望增开班次。"),
        ("厂房扩建用地规划手续", "计划在现有厂区扩建仓库，希望了解用地规划审批流程。"),
    ],
    "other": [
        ("职工食堂卫生提升", "食堂设施老化，希望得到改造方面的指导。"),
        ("厂区周边夜间照明不足", "夜班职工下班时周边道路照明不足，存在安全隐患。"),
    ],
}
ANSWERS = (
    "已安排专人上门对接，按政策提供了办理指引，相关手续已于本周办结。",
    "已召集相关股室研究，给出书面答复意见，并留下联系人负责后续跟踪。",
    "已纳入本月专项服务清单，已现场指导企业完成整改和申报。",
    "经核实，已协调相关部门按程序办理，企业可于下周领取结果。",
)

DIARY = (
    (
        "车间一线职工8人、企业人事负责人",
        "职工反映夏季车间温度高，希望增加降温设备；企业表示资金紧张。",
        "协调企业增设降温设备并落实高温津贴",
    ),
    (
        "外卖骑手6人",
        "骑手反映午间休息缺少落脚点，手机充电不便，希望在商圈增设驿站。",
        "对接商圈增设户外劳动者服务站点",
    ),
    (
        "企业负责人、工会主席",
        "企业新接大额订单，招工压力大，希望工会协助宣传招聘信息。",
        "在职工之家发布招聘信息",
    ),
    ("夜班职工5人", "夜班职工反映食堂夜宵供应时间短。", "与企业工会协商延长夜宵供应时间"),
    ("新入职青年职工10人", "青年职工希望开展联谊和技能培训活动。", "组织青年职工技能培训和联谊活动"),
    ("货车司机4人", "司机反映物流园停车休息区缺少饮水和卫生设施。", "推动物流园完善司机之家设施"),
)

PETITIONS = (
    (
        "visit",
        "反映企业拖欠三个月工资",
        "本人在某建材企业工作，企业自三月起拖欠工资，多次讨要未果，请求工会帮助。",
    ),
    ("phone", "咨询工伤待遇计算", "本人上月工伤已认定，想了解一次性伤残补助金如何计算。"),
    ("letter", "反映企业未足额缴纳社会保险", "企业按最低基数为职工缴纳社保，与实际工资差距较大。"),
    ("online", "申请困难职工帮扶", "家中老人重病，医疗支出大，希望了解困难职工帮扶政策。"),
    ("visit", "反映被违法解除劳动合同", "公司以业务调整为由解除劳动合同，未支付经济补偿。"),
    ("online", "骑手劳动保障咨询", "平台调整配送费规则后收入下降，希望工会代为反映。"),
    ("phone", "加班费计算争议", "公司按基本工资计算加班费，职工认为应按实际工资计算。"),
    ("visit", "反映宿舍安全隐患", "职工宿舍电线老化，多次向企业反映未整改。"),
    ("letter", "请求协调劳动争议调解", "与公司就竞业限制补偿发生争议，希望工会参与调解。"),
    ("visit", "咨询退休后会籍保留", "即将退休，想了解退休后工会会籍和福利如何保留。"),
)

SKILLS = (
    "医疗护理",
    "法律咨询",
    "文艺表演",
    "摄影摄像",
    "心理咨询",
    "电工维修",
    "理发",
    "驾驶",
    "宣传写作",
    "应急救护",
    "手语",
    "计算机",
    "烹饪",
    "体育健身",
)
AVAILABILITY = ("周末全天", "工作日晚上", "周六上午", "节假日", "每周一次", "随时可联系")

TASKS_AD_HOC = (
    ("夏送清凉进工地", "为建筑工地一线职工送防暑降温物品。", 40, 3.0, 15),
    ("职工书屋图书整理", "整理新到图书，更新借阅登记。", 25, 2.5, 6),
    ("户外劳动者服务站值守", "在城关镇户外劳动者服务站为骑手和环卫工人提供饮水、充电服务。", 12, 4.0, 4),
    ("金秋助学材料审核协助", "协助整理和核对金秋助学申请材料。", 30, 3.0, 8),
    ("职工运动会赛事服务", "负责检录、计分和后勤保障。", 6, 6.0, 20),  # upcoming: open for sign-up
    ("春节送温暖慰问品分装", "分装困难职工慰问品。", 9, 3.0, 12),  # upcoming
)


@dataclass
class DeskSummary:
    teams: int = 0
    menu_items: int = 0
    orders: Counter = field(default_factory=Counter)
    bus_trips: int = 0
    bus_stops: int = 0
    units: int = 0
    problems: Counter = field(default_factory=Counter)
    escalated: int = 0
    meetings: int = 0
    diary_entries: int = 0
    follow_ups: int = 0
    petitions: Counter = field(default_factory=Counter)
    volunteers: int = 0
    volunteer_teams: int = 0
    tasks: int = 0
    signups: int = 0
    hours: Decimal = Decimal("0")
    notifications: int = 0
    failures: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        from gonghui.servicedesk.workflows import ORDER_FLOW, PETITION_FLOW, PROBLEM_FLOW

        def states(counter: Counter, flow) -> str:
            return "，".join(
                f"{flow.label(s)} {n}" for s, n in sorted(counter.items(), key=lambda kv: -kv[1])
            )

        return [
            f"服务队 {self.teams} 支，服务菜单 {self.menu_items} 项，责任单位 {self.units} 个。",
            f"服务点单 {sum(self.orders.values())} 单（{states(self.orders, ORDER_FLOW)}）。",
            f"流动服务车行程 {self.bus_trips} 次，站点 {self.bus_stops} 个。",
            f"问题 {sum(self.problems.values())} 个（{states(self.problems, PROBLEM_FLOW)}；逾期上报 {self.escalated} 个），"
            f"亲清茶室 {self.meetings} 场。",
            f"工情日记 {self.diary_entries} 篇，跟进事项 {self.follow_ups} 项；信访 {sum(self.petitions.values())} 件"
            f"（{states(self.petitions, PETITION_FLOW)}）。",
            f"志愿者 {self.volunteers} 名，志愿服务队 {self.volunteer_teams} 支，任务 {self.tasks} 个，报名 {self.signups} 人次，"
            f"已确认志愿时长 {self.hours} 小时；站内通知 {self.notifications} 条。",
        ]


def is_loaded() -> bool:
    from gonghui.servicedesk.models import ServiceTeam

    return ServiceTeam.objects.filter(
        org__parent=None, org__name=N.FEDERATION_NAME, name=MARKER_TEAM
    ).exists()


def load_desk() -> DeskSummary | None:
    """Build the service-desk season on the demo county; None when the county is missing or it is done."""
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or is_loaded():
        return None
    builder = _DeskBuilder(county)
    with transaction.atomic():
        builder.build()
    return builder.summary


# ---------------------------------------------------------------- the replayed clock


@contextmanager
def clock(now: Callable[[], datetime.datetime]):
    """Django's clock (`timezone.now`, hence `localdate`) reads `now()` inside the block: the demo's
    past events go through the real services on their own day."""
    real = timezone.now
    timezone.now = now
    try:
        yield
    finally:
        timezone.now = real


class _Replay:
    """Timed events run in date order under a clock set to each event's moment."""

    def __init__(self, now: datetime.datetime, summary: DeskSummary):
        self.real_now = now
        self.current = now
        self.summary = summary
        self._heap: list = []
        self._seq = 0
        self.running = False

    def at(self, moment: datetime.datetime, step: Callable[[], None]) -> None:
        """Schedule `step`; a moment after the real now never comes. A step scheduled by a running one
        never happens before it: a follow-up planned for "that morning" moves to just after."""
        if self.running:
            moment = max(moment, self.current + datetime.timedelta(minutes=7))
        if moment <= self.real_now:
            self._seq += 1
            heapq.heappush(self._heap, (moment, self._seq, step))

    @contextmanager
    def frozen(self, moment: datetime.datetime | None = None):
        """Django's clock reads `self.current` (set to `moment` if given) inside the block."""
        if moment is not None:
            self.current = moment
        try:
            with clock(lambda: self.current):
                yield
        finally:
            self.current = self.real_now

    def run(self) -> None:
        with self.frozen():
            self.running = True
            while self._heap:
                moment, _seq, step = heapq.heappop(self._heap)
                self.current = moment
                try:
                    with transaction.atomic():
                        step()
                except (ValidationError, PermissionDenied, DatabaseError) as e:
                    messages = getattr(e, "messages", None) or [str(e) or type(e).__name__]
                    self.summary.failures.append(
                        f"{moment:%Y-%m-%d %H:%M} {getattr(step, '__name__', '')}：{'；'.join(messages)}"
                    )
            self.running = False


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# ---------------------------------------------------------------- the builder


class _DeskBuilder:
    def __init__(self, county):
        from gonghui.members.models import Member
        from gonghui.orgs.models import Enterprise, Org, OrgKind

        self.rng = random.Random(SEED)
        self.county = county
        self.summary = DeskSummary()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.replay = _Replay(self.now, self.summary)
        self.password = make_password(_demo_password())
        self.areas = list(
            Org.objects.filter(parent=county, kind__in=(OrgKind.TOWNSHIP, OrgKind.STREET)).order_by("path")
        )
        self.park = Org.objects.filter(parent=county, kind=OrgKind.PARK).first()
        self.new_form = Org.objects.filter(parent=county, kind=OrgKind.JOINT_UNION).first()
        self.chair = self._position_user(county, Role.CHAIR)
        self.staff = self._position_user(county, Role.STAFF) or self.chair
        self.enterprises = list(
            Enterprise.objects.filter(org_path__startswith=county.path)
            .select_related("org", "union")
            .order_by("pk")
        )
        self.unionised = [e for e in self.enterprises if e.union_id and e.union.kind == OrgKind.GRASSROOTS]
        taken = set(User.objects.values_list("phone", flat=True))
        taken |= set(Member.objects.values_list("mobile", flat=True))
        self.phones = taken
        self.phone_seq = 0

    # --- people ------------------------------------------------------------------------------
    def _position_user(self, org, role: str) -> User | None:
        position = Position.objects.filter(org=org, role=role).select_related("user").order_by("pk").first()
        return position.user if position else None

    def person_name(self) -> str:
        male = self.rng.random() < 0.55
        given = N.MALE_GIVEN if male else N.FEMALE_GIVEN
        return self.rng.choice(N.SURNAMES) + "".join(
            self.rng.choice(given) for _ in range(self.rng.choice((1, 2, 2)))
        )

    def phone(self) -> str:
        while True:
            self.phone_seq += 1
            number = f"1390571{self.phone_seq:04d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def user(self, name: str, phone: str | None = None) -> User:
        """A demo account (demo password) — the registration a person would do on the site."""
        phone = phone or self.phone()
        user = User.objects.filter(phone=phone).first()
        if user is None:
            user = User(phone=phone, name=name, password=self.password)
            user.save()
        self.phones.add(phone)
        return user

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def rand_time(self, day: datetime.date, lo: int = 8, hi: int = 17) -> datetime.datetime:
        return _moment(day, self.rng.randrange(lo, hi), self.rng.randrange(0, 60))

    # --- build -------------------------------------------------------------------------------
    def build(self) -> None:
        with self.replay.frozen(_moment(self.day(SEASON_DAYS + 20), 10)):  # set up before the season
            self.build_people()
            self.build_teams_and_menu()
            self.build_units()
            self.build_volunteers()
        self.schedule_orders()
        self.schedule_bus_trips()
        self.schedule_problems()
        self.schedule_diary()
        self.schedule_petitions()
        self.schedule_volunteer_tasks()
        self.schedule_escalation()
        self.replay.run()
        self.finish()

    def build_people(self) -> None:
        """Accounts: worker members who log in, enterprise contacts, grassroots chairs who order."""
        from gonghui.accounts.services import user_get_or_create
        from gonghui.core import audit
        from gonghui.members.models import Member
        from gonghui.orgs.services import enterprise_contact_add

        members = list(
            Member.objects.filter(
                org__path__startswith=self.county.path, status=Member.Status.ACTIVE, user=None
            )
            .select_related("org", "enterprise")
            .order_by("member_no")[:400]
        )
        self.rng.shuffle(members)
        self.workers: list = []  # (user, member)
        for member in members[:30]:
            if (
                member.mobile in {u.phone for u, _m in self.workers}
                or User.objects.filter(phone=member.mobile).exists()
            ):
                continue
            # What code_login does when an imported member first logs in: an account linked to the member.
            user, _created = user_get_or_create(phone=member.mobile, name=member.name)
            user.password = self.password
            user.save(update_fields=["password"])
            member.user = user
            member.save(update_fields=["user", "updated_at"])
            audit.record(member, action="account_link", actor=user, changes={"user": [None, user.pk]})
            self.workers.append((user, member))
        rider = Member.objects.filter(user__phone="13800000005").select_related("user", "org").first()
        if rider is not None:
            self.workers.insert(0, (rider.user, rider))

        self.contacts: list = []  # (user, enterprise)
        contact_login = LOGINS[1]
        firms = self.enterprises[:1] + self.rng.sample(
            self.enterprises[1:], min(9, len(self.enterprises) - 1)
        )
        for i, enterprise in enumerate(firms):
            user = (
                self.user(contact_login.name, contact_login.phone)
                if i == 0
                else self.user(self.person_name())
            )
            enterprise_contact_add(
                enterprise=enterprise,
                user=user,
                actor=self.chair,
                title=self.rng.choice(("人事经理", "行政主管", "综合办主任", "总经理助理")),
            )
            self.contacts.append((user, enterprise))

        self.union_chairs: list = []  # (user, union org, enterprise)
        for enterprise in self.unionised:
            chair = self._position_user(enterprise.union, Role.CHAIR)
            if chair is not None:
                self.union_chairs.append((chair, enterprise.union, enterprise))
        self.area_chairs = {a.pk: self._position_user(a, Role.CHAIR) for a in self.areas}
        if self.park is not None:
            self.area_chairs[self.park.pk] = self._position_user(self.park, Role.CHAIR)

    def build_teams_and_menu(self) -> None:
        from gonghui.servicedesk.models import ServiceTeamMember
        from gonghui.servicedesk.services.menu import menu_item_create, team_create, team_member_add

        self.teams = {}
        for name, description, leader_name in TEAMS:
            if leader_name is None:
                leader = self.user(LOGINS[0].name, LOGINS[0].phone)
            else:
                leader = self.user(leader_name)
            team = team_create(
                org=self.county,
                name=name,
                description=description,
                leader_phone=leader.phone,
                actor=self.chair,
            )
            for _i in range(self.rng.randint(3, 5)):
                member = self.user(self.person_name())
                kind = (
                    ServiceTeamMember.Kind.STAFF
                    if self.rng.random() < 0.4
                    else ServiceTeamMember.Kind.VOLUNTEER
                )
                team_member_add(team=team, phone=member.phone, kind=kind, actor=self.chair)
            self.teams[name] = team
            self.summary.teams += 1
        self.items = []
        for title, category, team, minutes, people, bus, workers, firms, unions, description in MENU:
            self.items.append(
                menu_item_create(
                    org=self.county,
                    actor=self.chair,
                    title=title,
                    category=category,
                    description=description,
                    team=self.teams[team],
                    duration_minutes=minutes,
                    serves_people=people,
                    bus_eligible=bus,
                    for_workers=workers,
                    for_enterprises=firms,
                    for_unions=unions,
                )
            )
            self.summary.menu_items += 1

    def build_units(self) -> None:
        from gonghui.servicedesk.services.problems import partner_unit_create

        self.units = []
        for i, (name, department, contact) in enumerate(UNITS):
            login = self.user(LOGINS[3].name, LOGINS[3].phone) if i == 0 else self.user(contact)
            self.units.append(
                partner_unit_create(
                    org=self.county,
                    name=name,
                    department=department,
                    contact_name=login.name,
                    contact_phone=f"0571-8{self.rng.randrange(10**6, 10**7)}",
                    contact_mobiles=[login.phone],
                    actor=self.chair,
                )
            )
            self.summary.units += 1
        self.unit_contact = {u.pk: u.contacts.first() for u in self.units}

    def build_volunteers(self) -> None:
        """About 80 volunteers registered over the past months; teams, an alliance."""
        from gonghui.volunteers.services import (
            alliance_create,
            alliance_team_add,
            team_create,
            team_join,
            volunteer_register,
        )

        areas = [a for a in [*self.areas, self.park] if a is not None]
        self.volunteers = []

        def register(user, member=None, org=None):
            volunteer = volunteer_register(
                user=user,
                org=org or self.county,
                member=member,
                consent=True,
                actor=user,
                skills="、".join(self.rng.sample(SKILLS, self.rng.randint(1, 3))),
                availability=self.rng.choice(AVAILABILITY),
            )
            self.volunteers.append(volunteer)
            return volunteer

        login = register(self.user(LOGINS[2].name, LOGINS[2].phone), org=self.areas[0])
        for user, member in self.workers[1:16]:  # members volunteer with their union
            register(user, member=member)
        while len(self.volunteers) < 80:
            register(self.user(self.person_name()), org=self.rng.choice(areas))
        self.summary.volunteers = len(self.volunteers)

        plans = [
            (
                "城关镇职工志愿服务队",
                self.areas[0],
                "城关镇各企业职工志愿者，常驻职工之家和户外劳动者服务站。",
            ),
            ("开发区青年志愿服务队", self.park or self.areas[-1], "开发区企业青年职工组成，服务园区职工。"),
            (
                "骑手暖心志愿服务队",
                self.new_form or self.county,
                "外卖骑手、快递员组成，随手公益、路面互助。",
            ),
            ("县总工会志愿服务总队", self.county, "承接县总工会服务菜单、流动服务车和大型活动的志愿服务。"),
        ]
        if self.unionised:
            plans.append(
                (
                    f"{self.unionised[0].name.removeprefix(N.COUNTY[:2])[:12]}志愿服务队",
                    self.unionised[0].union,
                    "企业工会组建的志愿服务队。",
                )
            )
        self.vteams = []
        pool = self.volunteers[1:]
        for i, (name, org, description) in enumerate(plans):
            leader = login if i == 0 else pool[i * 7]
            team = team_create(org=org, name=name, description=description, leader=leader, actor=self.chair)
            self.vteams.append(team)
        for volunteer in self.volunteers:
            for team in self.rng.sample(self.vteams, self.rng.choice((1, 1, 2))):
                if team.leader_id != volunteer.pk:
                    try:
                        with transaction.atomic():
                            team_join(team=team, volunteer=volunteer, actor=volunteer.user)
                    except ValidationError:
                        pass  # already in that team
        alliance = alliance_create(
            org=self.county,
            name=f"{N.COUNTY}职工志愿服务联盟",
            actor=self.chair,
            description="县总工会牵头，联合乡镇、园区和企业的志愿服务队。",
        )
        for team in self.vteams:
            alliance_team_add(alliance=alliance, team=team, actor=self.chair)
        self.summary.volunteer_teams = len(self.vteams)
        self.volunteer_login = login

    # --- orders ------------------------------------------------------------------------------
    def schedule_orders(self, count: int = 120) -> None:
        rng = self.rng
        for i in range(count):
            placed_day = self.day(rng.randrange(0, SEASON_DAYS) if i >= 6 else rng.randrange(0, 4))
            kind = rng.choices(("worker", "enterprise", "union"), (40, 30, 30))[0]
            self.replay.at(self.rand_time(placed_day, 8, 20), self._order_story(kind, placed_day, i))

    def _order_story(self, kind: str, placed_day: datetime.date, index: int) -> Callable[[], None]:
        from gonghui.servicedesk.models import ServiceOrder
        from gonghui.servicedesk.services import orders as svc

        rng = random.Random(SEED * 1000 + index)
        replay = self.replay
        fate = rng.random()
        ordering = {}
        if kind == "worker" and self.workers:
            user, member = rng.choice(self.workers)
            items = [it for it in self.items if it.for_workers]
            ordering = {"orderer_kind": ServiceOrder.OrdererKind.WORKER}
            place = (
                f"{member.enterprise.name}职工之家"
                if member.enterprise_id
                else f"{N.COUNTY}城关镇文化路66号户外劳动者服务站"
            )
            people = rng.randint(3, 30)
        elif kind == "enterprise" and self.contacts:
            user, enterprise = rng.choice(self.contacts)
            items = [it for it in self.items if it.for_enterprises]
            ordering = {"orderer_kind": ServiceOrder.OrdererKind.ENTERPRISE, "enterprise": enterprise}
            place = f"{enterprise.name}{rng.choice(('会议室', '职工食堂', '生产车间休息区', '厂区广场'))}"
            people = rng.randint(20, 200)
        else:
            user, union, enterprise = rng.choice(self.union_chairs)
            items = [it for it in self.items if it.for_unions]
            ordering = {"orderer_kind": ServiceOrder.OrdererKind.UNION, "ordering_union": union}
            place = f"{enterprise.name}{rng.choice(('职工活动室', '职工之家', '会议室'))}"
            people = rng.randint(20, 150)
        item = rng.choice(items)
        wished = placed_day + datetime.timedelta(days=rng.randint(4, 21))
        state: dict = {}

        def place_order():
            state["order"] = svc.order_place(
                item=item,
                orderer=user,
                place=place,
                wished_date=wished,
                expected_people=min(people, item.serves_people),
                note=_order_note(rng, item),
                **ordering,
            )
            if fate < 0.04:
                replay.at(self.rand_time(placed_day + datetime.timedelta(days=1), 9, 12), decline)
            elif fate < 0.08:
                replay.at(
                    self.rand_time(placed_day + datetime.timedelta(days=rng.randint(1, 3)), 9, 20), cancel
                )
            else:
                replay.at(
                    self.rand_time(placed_day + datetime.timedelta(days=rng.choice((0, 1, 1, 2))), 9, 17),
                    accept,
                )

        def decline():
            svc.order_decline(
                order=state["order"],
                actor=self.chair,
                reason="所选日期服务队已满负荷，且预计人数较少，建议改为参加流动服务车活动。",
            )

        def cancel():
            svc.order_cancel(
                order=state["order"], actor=user, reason="企业生产任务调整，当天无法组织职工参加。"
            )

        def accept():
            order = state["order"]
            svc.order_accept(order=order, actor=self.chair)
            if 0.08 <= fate < 0.11:
                return  # left undispatched: overdue once the dispatch deadline passes
            dispatch_day = self.replay.current.date() + datetime.timedelta(days=rng.randint(1, 3))
            dispatch_day = min(dispatch_day, order.dispatch_due)
            replay.at(self.rand_time(dispatch_day, 9, 17), dispatch)

        def dispatch():
            order = state["order"]
            today = self.replay.current.date()
            service_date = max(order.wished_date, today + datetime.timedelta(days=1))
            svc.order_dispatch(
                order=order,
                team=item.team,
                service_date=service_date,
                service_place=order.place,
                actor=self.chair,
            )
            if rng.random() < 0.2:
                self._order_task(order)
            if 0.11 <= fate < 0.14:
                return  # the team has not reported back: overdue once the service date passes
            replay.at(_moment(service_date, rng.choice((11, 16, 17)), rng.randrange(0, 60)), deliver)

        def deliver():
            order = state["order"]
            served = max(1, int(order.expected_people * rng.uniform(0.7, 1.2)))
            svc.order_deliver(
                order=order,
                actor=order.team.leader,
                people_served=served,
                report=_order_report(rng, item, served),
            )
            if rng.random() < 0.88:
                replay.at(
                    self.rand_time(order.service_date + datetime.timedelta(days=rng.randint(0, 4)), 12, 22),
                    rate,
                )

        def rate():
            rating = rng.choices((5, 4, 3, 2), (62, 28, 8, 2))[0]
            svc.order_rate(
                order=state["order"], actor=user, rating=rating, comment=_rating_comment(rng, rating)
            )

        return place_order

    def _order_task(self, order) -> None:
        """A volunteer task to back up a dispatched order (helpers on the service day)."""
        from gonghui.volunteers.services import task_create

        team = self.vteams[3]
        starts = _moment(order.service_date, 9)
        task = task_create(
            org=order.org,
            title=f"{order.item.title}志愿服务",
            place=order.service_place,
            description=f"协助{order.team.name}开展“{order.item.title}”：签到引导、秩序维护、资料发放。",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            capacity=4,
            leader=order.team.leader,
            team=team,
            order=order,
            actor=self.chair,
        )
        self._task_crowd(task, team_first=team)

    # --- the bus -----------------------------------------------------------------------------
    def schedule_bus_trips(self) -> None:
        for title, days_ago, vehicle in (
            ("富乐大巴进园区", 45, "浙F·D1234 富乐大巴"),
            ("富乐大巴下乡镇", 12, "浙F·D1234 富乐大巴"),
        ):
            trip_day = self.day(days_ago)
            self.replay.at(
                _moment(trip_day - datetime.timedelta(days=8), 10), self._trip_story(title, trip_day, vehicle)
            )

    def _trip_story(self, title: str, trip_day: datetime.date, vehicle: str) -> Callable[[], None]:
        from gonghui.servicedesk.models import BusStop
        from gonghui.servicedesk.services import bus as svc
        from gonghui.volunteers.services import task_create

        rng = random.Random(f"{SEED}{title}")
        items = [it for it in self.items if it.bus_eligible]
        items = rng.sample(items, 5)
        teams = list({it.team_id: it.team for it in items}.values())
        state: dict = {}

        def plan():
            trip = svc.trip_plan(
                org=self.county,
                title=title,
                date=trip_day,
                vehicle=vehicle,
                teams=teams,
                items=items,
                actor=self.chair,
            )
            state["trip"] = trip
            in_park = title.endswith("园区") and self.park is not None
            firms = (
                [e for e in self.enterprises if (e.org_id == self.park.pk) == in_park]
                if self.park
                else self.enterprises
            )
            stops = [(BusStop.Kind.ENTERPRISE, "", e) for e in rng.sample(firms, min(3, len(firms)))]
            if in_park:
                stops.append((BusStop.Kind.DORMITORY, f"{N.COUNTY[:2]}经济开发区职工公寓", None))
                stops.append((BusStop.Kind.PARK, f"{N.COUNTY[:2]}经济开发区服务中心广场", None))
            else:
                area = rng.choice(self.areas)
                stops.insert(0, (BusStop.Kind.TOWN, f"{area.name.removesuffix('工会')}政府广场", None))
            for seq, (kind, place, enterprise) in enumerate(stops):
                svc.stop_add(
                    trip=trip,
                    kind=kind,
                    place=place,
                    enterprise=enterprise,
                    arrive_at=datetime.time(8 + seq * 2, 30 if seq % 2 else 0),
                    actor=self.chair,
                )
                self.summary.bus_stops += 1
            starts = _moment(trip_day, 8)
            task = task_create(
                org=self.county,
                title=f"{title}随车志愿服务",
                place=f"{title}沿线各站点",
                description="随车协助签到、引导和秩序维护。",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=8),
                capacity=8,
                leader=teams[0].leader,
                team=self.vteams[3],
                trip=trip,
                actor=self.chair,
            )
            self._task_crowd(task, team_first=self.vteams[3])
            self.summary.bus_trips += 1
            self.replay.at(_moment(trip_day, 17, 30), record)

        def record():
            trip = state["trip"]
            for stop in trip.stops.all():
                for item in rng.sample(items, rng.randint(2, len(items))):
                    svc.stop_service_record(
                        stop=stop,
                        item=item,
                        people_served=rng.randint(12, 90),
                        actor=item.team.leader,
                        note="",
                    )
            svc.trip_complete(
                trip=trip,
                actor=self.chair,
                summary="全天运行顺利，职工反映义诊和法律咨询最受欢迎，建议增加理疗名额。",
            )

        return plan

    # --- problems ----------------------------------------------------------------------------
    def schedule_problems(self, count: int = 100) -> None:
        rng = self.rng
        for i in range(count):
            raised_day = self.day(rng.randrange(1, SEASON_DAYS) if i >= 4 else 0)
            self.replay.at(self.rand_time(raised_day, 8, 18), self._problem_story(i, raised_day))
        for days_ago, days_to_meeting, title in (
            (40, 5, "企业用工与社保政策亲清茶室"),
            (6, 7, "园区配套设施问题亲清茶室"),
        ):
            self.replay.at(_moment(self.day(days_ago), 15), self._meeting_story(title, days_to_meeting))

    def _problem_story(self, index: int, raised_day: datetime.date) -> Callable[[], None]:
        from gonghui.servicedesk.models import Problem
        from gonghui.servicedesk.services import problems as svc

        rng = random.Random(SEED * 7000 + index)
        category = rng.choice(list(PROBLEMS))
        title, description = rng.choice(PROBLEMS[category])
        contacts = {e.pk: u for u, e in self.contacts}
        enterprise = rng.choice(self.enterprises)
        if enterprise.pk in contacts:
            reporter = contacts[enterprise.pk]
        elif rng.random() < 0.25:
            reporter = rng.choice(self.volunteers).user
        else:
            reporter = self.area_chairs.get(enterprise.org_id) or self.chair
        unit = self.units[UNIT_FOR_CATEGORY[category]]
        urgency = rng.choices(Problem.Urgency.values, (75, 20, 5))[0]
        fate = rng.random()
        state: dict = {}
        replay = self.replay

        def raise_():
            state["problem"] = svc.problem_raise(
                enterprise=enterprise,
                reporter=reporter,
                category=category,
                title=title,
                description=f"{description}（{enterprise.name}）",
                urgency=urgency,
            )
            if fate < 0.03:
                replay.at(self.rand_time(raised_day + datetime.timedelta(days=1), 9, 17), close)
            else:
                replay.at(
                    self.rand_time(raised_day + datetime.timedelta(days=rng.randint(0, 2)), 9, 17), assign
                )

        def close():
            svc.problem_close(
                problem=state["problem"], actor=self.chair, reason="与已交办问题重复，合并办理。"
            )

        def assign():
            problem = svc.problem_assign(problem=state["problem"], unit=unit, actor=self.chair)
            if 0.03 <= fate < 0.12:
                return  # the unit has not answered: overdue (and escalated) once the due date passes
            working = rng.randint(2, 12) if fate >= 0.2 else rng.randint(11, 16)  # some answer late
            answer_day = min(
                self.today, _add_calendar_days(timezone.localdate(problem.assigned_at), working * 7 // 5)
            )
            replay.at(self.rand_time(answer_day, 9, 18), answer)

        def answer():
            problem = svc.problem_answer(
                problem=state["problem"], actor=self.unit_contact[unit.pk], answer=rng.choice(ANSWERS)
            )
            later = timezone.localdate(problem.answered_at) + datetime.timedelta(days=rng.randint(1, 6))
            if 0.12 <= fate < 0.17 and not state.get("reopened"):
                replay.at(self.rand_time(later, 9, 18), reopen)
            else:
                replay.at(self.rand_time(later, 9, 18), confirm)

        def reopen():
            state["reopened"] = True
            svc.problem_reopen(
                problem=state["problem"], actor=reporter, reason="答复后问题仍未解决，请继续协调。"
            )
            replay.at(self.rand_time(self.replay.current.date() + datetime.timedelta(days=1), 9, 17), assign)

        def confirm():
            svc.problem_confirm(problem=state["problem"], actor=reporter, note="问题已解决，感谢！")

        raise_.__name__ = "problem_raise"
        return raise_

    def _meeting_story(self, title: str, days_ahead: int) -> Callable[[], None]:
        from gonghui.servicedesk.models import Problem
        from gonghui.servicedesk.services import problems as svc
        from gonghui.servicedesk.services.problems import OPEN_STATES

        def schedule():
            problems = list(
                Problem.objects.filter(org_path__startswith=self.county.path, state__in=OPEN_STATES).order_by(
                    "created_at"
                )[:3]
            )
            if not problems:
                return
            date = self.replay.current.date() + datetime.timedelta(days=days_ahead)
            meeting = svc.meeting_schedule(
                org=self.county,
                title=title,
                date=date,
                place="县总工会职工服务中心亲清茶室",
                participants="县总工会分管领导、相关责任单位、企业负责人和职工代表",
                problems=problems,
                actor=self.chair,
            )
            self.summary.meetings += 1

            def minutes():
                svc.meeting_update(
                    meeting=meeting,
                    title=meeting.title,
                    date=meeting.date,
                    place=meeting.place,
                    participants=meeting.participants,
                    problems=problems,
                    actor=self.chair,
                    minutes="会议逐一听取企业诉求，责任单位当场答复办理时限；"
                    "县总工会将跟踪督办，下次茶室通报办理结果。",
                )

            self.replay.at(_moment(date, 17), minutes)

        return schedule

    # --- diary and petitions -----------------------------------------------------------------
    def schedule_diary(self) -> None:
        from gonghui.servicedesk.services.diary import FollowUpPlan, diary_entry_create, follow_up_complete

        rng = self.rng
        township_staff = User.objects.filter(phone="13800000002").first() or self.staff
        for i, (visited, heard, follow) in enumerate(DIARY):
            day = self.day(rng.randint(8, 100) if i else 3)
            area = self.areas[0] if i % 2 == 0 else rng.choice(self.areas)
            author = (
                township_staff if area == self.areas[0] else (self.area_chairs.get(area.pk) or self.chair)
            )
            firms = [e for e in self.enterprises if e.org_id == area.pk] or self.enterprises
            enterprise = None if "骑手" in visited or "司机" in visited else rng.choice(firms)
            due = day + datetime.timedelta(days=rng.randint(7, 30))

            def write(
                area=area,
                author=author,
                enterprise=enterprise,
                day=day,
                visited=visited,
                heard=heard,
                follow=follow,
                due=due,
                done=i % 3 != 0,
            ):
                entry = diary_entry_create(
                    org=area,
                    actor=author,
                    visited_on=day,
                    visited=visited,
                    heard=heard,
                    enterprise=enterprise,
                    follow_ups=[FollowUpPlan(follow, due, author)],
                )
                self.summary.diary_entries += 1
                self.summary.follow_ups += entry.follow_ups.count()
                if done:
                    for follow_up in entry.follow_ups.all():
                        self.replay.at(
                            self.rand_time(min(due, self.today), 9, 18),
                            lambda f=follow_up: follow_up_complete(
                                follow_up=f, actor=author, result="已落实，职工表示满意。"
                            ),
                        )

            self.replay.at(_moment(day, 18, 30), write)

    def schedule_petitions(self) -> None:
        from gonghui.servicedesk.services import petitions as svc

        rng = self.rng
        assignee = self.staff
        for i, (channel, subject, content) in enumerate(PETITIONS):
            received = self.day((60, 50, 42, 35, 28, 20, 14, 9, 3, 1)[i])
            outcome = (
                "closed",
                "closed",
                "closed",
                "closed",
                "replied",
                "closed",
                "replied",
                "assigned",
                "assigned",
                "received",
            )[i]
            worker = self.workers[i % len(self.workers)][0] if self.workers else None

            def receive(
                channel=channel,
                subject=subject,
                content=content,
                received=received,
                outcome=outcome,
                worker=worker,
            ):
                if channel == "online" and worker is not None:
                    petition = svc.petition_submit_online(
                        actor=worker, org=self.county, subject=subject, content=content, consent=True
                    )
                else:
                    channel = "visit" if channel == "online" else channel
                    petition = svc.petition_register(
                        org=self.county,
                        actor=self.staff,
                        channel=channel,
                        petitioner_name=self.person_name(),
                        petitioner_phone=self.phone(),
                        subject=subject,
                        content=content,
                        received_on=received,
                        enterprise_name=rng.choice(self.enterprises).name,
                    )
                if outcome == "received":
                    return

                def assign():
                    svc.petition_assign(
                        petition=petition, actor=self.chair, assignee=assignee, note="请按时限答复。"
                    )
                    if outcome != "assigned":
                        self.replay.at(
                            self.rand_time(received + datetime.timedelta(days=rng.randint(4, 12)), 9, 18),
                            reply,
                        )

                def reply():
                    svc.petition_reply(
                        petition=petition,
                        actor=assignee,
                        reply="经调查核实，已协调企业依法处理，并告知信访人后续救济途径。",
                    )
                    if outcome == "closed":
                        self.replay.at(
                            self.rand_time(self.replay.current.date() + datetime.timedelta(days=3), 9, 18),
                            close,
                        )

                def close():
                    svc.petition_close(petition=petition, actor=self.chair, note="信访人对答复表示满意。")

                self.replay.at(self.rand_time(received + datetime.timedelta(days=1), 9, 12), assign)

            self.replay.at(self.rand_time(received, 9, 16), receive)

    # --- volunteer tasks ---------------------------------------------------------------------
    def schedule_volunteer_tasks(self) -> None:
        from gonghui.volunteers.services import task_create

        for i, (title, description, days_ago, hours, capacity) in enumerate(TASKS_AD_HOC):
            upcoming = i >= 4
            day = self.today + datetime.timedelta(days=days_ago) if upcoming else self.day(days_ago)
            team = self.vteams[i % len(self.vteams)]
            starts = _moment(day, 9 if i % 2 == 0 else 14)

            def post(
                title=title, description=description, hours=hours, capacity=capacity, team=team, starts=starts
            ):
                task = task_create(
                    org=team.org,
                    title=title,
                    description=description,
                    place=team.org.address or f"{team.org.name}职工之家",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=hours),
                    capacity=capacity,
                    leader=team.leader.user,
                    team=team,
                    actor=self.chair,
                )
                self._task_crowd(task, team_first=team, fill=0.6 if starts > self.now else 1.0)

            self.replay.at(
                min(self.now - datetime.timedelta(minutes=5), starts - datetime.timedelta(days=7)), post
            )

    def _task_crowd(self, task, *, team_first, fill: float = 1.0) -> None:
        """Sign-ups now; on the day, check-in and check-out by scan; the next day the leader confirms."""
        from gonghui.volunteers.models import Volunteer
        from gonghui.volunteers.services import checkin_scan, checkin_token, hours_confirm, signup_create

        rng = random.Random(f"{SEED}-{task.pk}")
        members = list(Volunteer.objects.filter(memberships__team=team_first).order_by("pk"))
        others = [v for v in self.volunteers if v not in members]
        candidates = members + rng.sample(others, min(len(others), 10))
        wanted = max(1, int(task.capacity * fill))
        signups = []
        for volunteer in candidates:
            if len(signups) >= wanted:
                break
            try:
                with transaction.atomic():
                    signups.append(signup_create(task=task, volunteer=volunteer, actor=volunteer.user))
            except ValidationError:
                continue
            self.summary.signups += 1
        self.summary.tasks += 1
        token = checkin_token(task)
        for signup in signups:
            if rng.random() < 0.1:
                continue  # signed up but did not come
            arrive = task.starts_at + datetime.timedelta(minutes=rng.randint(-20, 10))
            leave = task.ends_at + datetime.timedelta(minutes=rng.randint(-10, 40))
            user = signup.volunteer.user
            self.replay.at(arrive, lambda u=user: checkin_scan(token=token, actor=u))
            if rng.random() < 0.92:
                self.replay.at(leave, lambda u=user: checkin_scan(token=token, actor=u))

        def confirm():
            for signup in task.signups.filter(checked_in_at__isnull=False, confirmed_at__isnull=True):
                hours = (
                    None if signup.hours is not None else _whole_hours(task)
                )  # no check-out: the leader fills in
                own = signup.volunteer.user_id == task.leader_id  # a leader's own hours: the chair confirms
                hours_confirm(signup=signup, actor=self.chair if own else task.leader, hours=hours)

        self.replay.at(task.ends_at + datetime.timedelta(hours=rng.randint(14, 30)), confirm)

    # --- overdue problems --------------------------------------------------------------------
    def schedule_escalation(self) -> None:
        """The scheduled escalate_overdue_problems command, every morning of the season."""
        from gonghui.servicedesk.services.problems import problems_escalate_overdue

        for days_ago in range(SEASON_DAYS, -1, -1):
            day = self.day(days_ago)
            self.replay.at(_moment(day, 7), lambda day=day: problems_escalate_overdue(today=day))

    # --- the end -----------------------------------------------------------------------------
    def finish(self) -> None:
        from django.db.models import Sum

        from gonghui.core.models import Notification
        from gonghui.servicedesk.models import Petition, Problem, ServiceOrder
        from gonghui.volunteers.models import Signup

        # People read their notifications as they go; the last few days' stay unread for the bell.
        Notification.objects.filter(
            read_at__isnull=True, created_at__lt=self.now - datetime.timedelta(days=5)
        ).update(read_at=F("created_at") + datetime.timedelta(hours=3))
        s = self.summary
        s.orders = _by_state(ServiceOrder.objects.filter(org=self.county))
        s.problems = _by_state(Problem.objects.filter(org_path__startswith=self.county.path))
        s.escalated = Problem.objects.filter(
            org_path__startswith=self.county.path, escalated_at__isnull=False
        ).count()
        s.petitions = _by_state(Petition.objects.filter(org=self.county))
        s.hours = Signup.objects.filter(confirmed_at__isnull=False).aggregate(h=Sum("hours"))["h"] or Decimal(
            "0"
        )
        s.notifications = Notification.objects.count()


def _by_state(qs) -> Counter:
    return Counter({row["state"]: row["n"] for row in qs.order_by().values("state").annotate(n=Count("pk"))})


def _demo_password() -> str:
    from gonghui.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def _add_calendar_days(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


def _whole_hours(task) -> Decimal:
    hours = Decimal((task.ends_at - task.starts_at).total_seconds()) / Decimal(3600)
    return (hours * 2).to_integral_value(rounding=ROUND_DOWN) / 2


def _order_note(rng: random.Random, item) -> str:
    return rng.choice(
        (
            "希望安排在午休时间，方便一线职工参加。",
            "职工夜班较多，建议下午开展。",
            f"职工对“{item.title}”需求较大，希望能多安排一些名额。",
            "",
        )
    )


def _order_report(rng: random.Random, item, served: int) -> str:
    return rng.choice(
        (
            f"按计划完成“{item.title}”，服务职工{served}人，现场气氛热烈。",
            f"服务{served}人，职工提出的问题已现场解答，个别问题转交后续跟进。",
            f"完成服务{served}人次，企业工会协助组织，秩序良好。",
        )
    )


def _rating_comment(rng: random.Random, rating: int) -> str:
    if rating >= 5:
        return rng.choice(
            ("服务很专业，职工收获很大！", "非常满意，希望下季度再来。", "老师讲得通俗易懂，点赞。")
        )
    if rating == 4:
        return rng.choice(("总体满意，时间稍短。", "内容实用，希望增加互动。"))
    return rng.choice(("人数较多，排队时间长。", "现场准备不够充分。"))
