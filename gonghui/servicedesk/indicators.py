"""The service desk's indicators and charts (core.indicators): orders, problems, petitions, from
the figures selectors of the service desk's pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import LOWER, Chart, drill_page, family, register
from gonghui.servicedesk.selectors import orders, petitions, problems


def _period_args(compute):
    """(org, Period) -> compute(org, start, end): the selectors take days."""

    def run(org, period):
        return compute(org, period.start, period.end)

    run.__name__ = compute.__name__
    return run


def _petitions_page(org, period) -> str:
    return reverse("servicedesk:petition_list")


order_page = drill_page("servicedesk:figures_orders")
problem_page = drill_page("servicedesk:problem_figures")
ORDERS = family(
    compute=_period_args(orders.order_totals),
    children=_period_args(orders.order_totals_by_child),
    together=orders.order_totals_together,
    drill=order_page,
)
PROBLEMS = family(
    compute=_period_args(problems.problem_totals),
    children=_period_args(problems.problem_totals_by_child),
    together=problems.problem_totals_together,
    drill=problem_page,
)
PETITIONS = family(
    compute=_period_args(petitions.petition_totals),
    children=_period_args(petitions.petition_totals_by_child),
    drill=_petitions_page,
)


register(
    ORDERS("servicedesk.orders_placed", _("服务点单"), _("单"), field="placed", order=30),
    ORDERS(
        "servicedesk.orders_delivered",
        _("已服务点单"),
        _("单"),
        field="delivered",
        order=31,
    ),
    ORDERS(
        "servicedesk.satisfaction",
        _("服务满意度"),
        _("分"),
        field="mean_rating",
        kind="mean",
        help=_("本期已服务点单的平均评价（1–5分）"),
        order=32,
    ),
    PROBLEMS(
        "servicedesk.problems_raised",
        _("问题登记"),
        _("件"),
        field="raised",
        order=40,
    ),
    PROBLEMS(
        "servicedesk.problems_resolved",
        _("问题已解决"),
        _("件"),
        field="resolved",
        order=41,
    ),
    PROBLEMS(
        "servicedesk.problems_overdue",
        _("问题逾期未办结"),
        _("件"),
        field="overdue",
        better=LOWER,
        state=True,
        help=_("当前已超过办理期限、尚未办结的问题"),
        order=42,
    ),
    PETITIONS(
        "servicedesk.petitions_on_time",
        _("信访按期答复率"),
        "%",
        field="on_time_rate",
        kind="rate",
        help=_("本期登记的信访中按期答复的件数÷（已答复＋逾期未答复）"),
        order=50,
    ),
    Chart(
        key="servicedesk.orders_by_month",
        name=_("每月服务点单"),
        kind="trend",
        unit=_("单"),
        compute=_period_args(orders.orders_by_month),
        drill=order_page,
        order=30,
    ),
    Chart(
        key="servicedesk.problems_by_month",
        name=_("每月登记问题"),
        kind="trend",
        unit=_("件"),
        compute=_period_args(problems.problems_by_month),
        drill=problem_page,
        order=40,
    ),
    Chart(
        key="servicedesk.problems_by_category",
        name=_("问题类别构成"),
        kind="composition",
        unit=_("件"),
        compute=lambda org, period: [
            (row["label"], row["raised"])
            for row in problems.problems_by_category(org, period.start, period.end)
        ],
        drill=problem_page,
        order=41,
    ),
)
