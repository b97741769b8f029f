import datetime

from django.utils import timezone

from gonghui.rights.services import contracts as svc


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def start_round(world, *, actor=None, org=None, enterprises=None, starts_on=None, years=3, **extra):
    """The 华宇 union's comprehensive contract round, three years from next month."""
    starts_on = starts_on or day(30)
    ends_on = extra.pop("ends_on", None) or svc.add_years(starts_on, years) - datetime.timedelta(days=1)
    return svc.round_start(
        org=org or world.union,
        actor=actor or world.enterprise_cadre,
        title=extra.pop("title", "2026年度综合性集体合同协商"),
        kind=extra.pop("kind", "comprehensive"),
        starts_on=starts_on,
        ends_on=ends_on,
        employees_covered=extra.pop("employees_covered", 180),
        enterprises=enterprises if enterprises is not None else [world.enterprise],
        started_on=extra.pop("started_on", day(-40)),
        **extra,
    )


def vote(world, round_, *, on=None, total=60, present=40, yes=31, actor=None):
    return svc.vote_record(
        round=round_,
        actor=actor or world.enterprise_cadre,
        voted_on=on or day(-20),
        representatives_total=total,
        representatives_present=present,
        votes_in_favour=yes,
    )


def in_force(world, *, starts_on=None, years=1, filed=-18, **extra):
    """A contract voted, filed and past its review: in force."""
    actor = extra.get("actor") or world.enterprise_cadre
    round_ = start_round(world, starts_on=starts_on or day(-10), years=years, **extra)
    vote(world, round_, actor=actor)
    contract = svc.contract_file(
        contract=round_.contract,
        actor=actor,
        filed_on=day(filed),
        filed_with="安平县人力资源和社会保障局",
    )
    return contract
