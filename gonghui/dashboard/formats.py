"""How the glance writes its numbers, in one place: the tiles, the table, the charts' value labels
and the .xlsx export's number formats. Counts with thousands separators as Chinese readers write
them (12,345 人), rates with one decimal and % (85.2%), money in 元 to the fen (12,345.60 元),
other amounts and means with one decimal (408.5 小时, 4.6 分): as core.indicators' Indicator.display
rounds each kind."""

from decimal import ROUND_HALF_UP, Decimal

from gonghui.core.indicators import Indicator

NONE = "—"
_FEN = Decimal("0.01")


def decimals(kind: str) -> int:
    """Decimals a figure of `kind` is written with (core.indicators' KINDS, as display rounds it)."""
    if kind == "count":
        return 0
    return 2 if kind == "money" else 1


def number(value, kind: str) -> str:
    """12,345 · 85.2 · 12,345.60 · 4.6 (no unit); "—" when there is none."""
    if value is None or value == "":
        return NONE
    if kind == "count":
        return f"{int(value):,}"
    return f"{float(value):,.{decimals(kind)}f}"


def figure(value, kind: str, unit: str) -> str:
    """A shown value with its unit: 1,234 人, 85.2%, 12,345.60 元, 4.6 分; "—" when there is none."""
    text = number(value, kind)
    if text == NONE:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def change(value, kind: str) -> str:
    """A change against the comparison period, signed: +1,483 · -95 · +2.3 · +16,000.00."""
    if value is None:
        return ""
    text = number(abs(value), kind)
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


def target(value, unit: str) -> str:
    """A target as the chair entered it (up to two decimals, none trailing), with its unit:
    12,000 人, 85%, 85.5%, 50,000 元."""
    if value is None or value == "":
        return NONE
    text = f"{Decimal(str(value)).quantize(_FEN, rounding=ROUND_HALF_UP):,.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def xlsx_format(indicator: Indicator) -> str:
    """The export's number format of an indicator's column (the cells hold numbers)."""
    return {"count": "#,##0", "rate": "0.0", "mean": "0.0", "money": "#,##0.00"}.get(
        indicator.kind, "#,##0.0"
    )
