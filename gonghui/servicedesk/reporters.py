"""Who else may raise a problem for an enterprise, contributed by the apps above the desk.

The desk knows its own reporters (cadres over the enterprise's area, the enterprise's contacts).
An app on a higher level adds a rule here at start-up (volunteers: an active volunteer may report
anywhere in their county), so the desk never imports it. A rule takes a user and returns the org
paths of the areas in which that user may report.
"""

from collections.abc import Callable

AreaRule = Callable[[object], list[str]]

_rules: list[AreaRule] = []


def register(rule: AreaRule) -> AreaRule:
    if rule not in _rules:
        _rules.append(rule)
    return rule


def reporting_areas(user) -> list[str]:
    """Paths of the subtrees in which the registered rules let `user` report problems."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [path for rule in _rules for path in rule(user)]
