from django import template

register = template.Library()


@register.filter
def rate(value) -> str:
    """A ratio as a percentage with one decimal; "—" when it cannot be computed (denominator 0)."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def indent(depth: int, base: int = 0) -> str:
    return "　" * max(0, int(depth) - int(base))
