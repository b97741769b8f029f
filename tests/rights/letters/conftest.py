import datetime

from django.utils import timezone

from gonghui.rights.services import letters as svc


def draft(world, *, kind="opinion", actor=None, **extra):
    """An opinion letter of the county federation to 华宇 (the township's enterprise) about wages."""
    fields = dict(
        org=world.county,
        kind=kind,
        enterprise=world.enterprise,
        problem="wages",
        title="关于依法足额支付职工工资的意见书",
        facts="经调查，贵单位自2026年9月起拖欠一线职工工资。\n涉及职工56人，金额约42万元。",
        basis="《中华人民共和国劳动法》第五十条",
        demands="请于收到本意见书后依法足额支付拖欠的工资。",
        actor=actor or world.county_cadre,
    )
    fields.update(extra)
    return svc.letter_create(**fields)


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)
