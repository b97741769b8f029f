"""The demo county's notices (公告): a handful from the county federation and the township union,
to members, to new-employment-form riders only, to cadres; pinned, expired; some already read.

Idempotent: the county's notice titled MARKER is the marker."""

import datetime

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.demo import LOGINS
from gonghui.demo import names as N

MARKER = "关于开展2026年“工会会员服务月”活动的通知"


def load_notices() -> list[str] | None:
    from gonghui.notices import services
    from gonghui.notices.models import Notice
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or Notice.objects.filter(org=county, title=MARKER).exists():
        return None
    township = Org.objects.filter(parent=county, name__startswith="城关镇").first() or county
    users = {u.phone: u for u in User.objects.filter(phone__in=[login.phone for login in LOGINS])}
    chair, staff, enterprise_chair, joint_chair, rider = (users.get(login.phone) for login in LOGINS)
    if chair is None:
        return None
    now = timezone.now()
    day = datetime.timedelta(days=1)
    with transaction.atomic():
        made = [
            services.notice_publish(
                org=county,
                title=MARKER,
                body="全县各级工会：为提升会员服务水平，定于下月开展“工会会员服务月”活动，"
                "集中开展送法律、送健康、送技能、送文化服务。请各基层工会结合实际组织实施。",
                pinned=True,
                publish_at=now - 6 * day,
                actor=chair,
            ),
            services.notice_publish(
                org=county,
                title="夏季高温期间户外劳动者服务站开放时间调整",
                body="7月至9月，全县户外劳动者服务站延长开放至晚上9点，提供饮用水、防暑药品和休息场所。",
                job_types=["delivery_rider", "courier", "ride_hailing", "truck_driver"],
                publish_at=now - 3 * day,
                actor=chair,
            ),
            services.notice_publish(
                org=county,
                title="关于报送上半年工作总结的通知",
                body="请各乡镇（街道）、园区工会于本月底前报送上半年工作总结。",
                audience_role="cadres",
                publish_at=now - 2 * day,
                expire_at=now + 20 * day,
                actor=chair,
            ),
            services.notice_publish(
                org=township,
                title="城关镇职工之家周末开放安排",
                body="城关镇职工之家本周六、周日正常开放，职工书屋、健身房免费使用。",
                publish_at=now - day,
                actor=staff or chair,
            ),
            services.notice_publish(
                org=county,
                title="春节慰问活动报名（已截止）",
                body="春节慰问活动报名已结束，感谢各单位支持。",
                publish_at=now - 60 * day,
                expire_at=now - 30 * day,
                actor=chair,
            ),
        ]
        readers = [u for u in (rider, staff, enterprise_chair, joint_chair) if u is not None]
        for notice in made[:3]:
            for user in readers[:2]:
                services.notice_mark_read(notice=notice, user=user)
    return [f"通知公告 {len(made)} 条（部分已读）"]
