from django import template

register = template.Library()


@register.filter
def figure(value, indicator) -> str:
    """A shown value with its unit: 1,234人, 85.2%, 4.6分; "—" when there is none."""
    if value is None or value == "":
        return "—"
    if indicator.kind == "count":
        number = f"{int(value):,}"
    else:
        number = f"{float(value):,.1f}"
    return f"{number}{indicator.unit}" if indicator.unit == "%" else f"{number} {indicator.unit}"


@register.filter
def signed(value) -> str:
    if value is None:
        return ""
    return f"+{value:g}" if value > 0 else f"{value:g}"


@register.filter
def shown(row, key):
    return row.shown(key)
