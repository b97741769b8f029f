"""Simplified Chinese: 2026年12月3日, 2026年12月3日 14:05 (Django's own zh_Hans formats, stated here
so the product's one format does not change with a Django upgrade)."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403  (input formats, separators)

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
TIME_FORMAT = "H:i"

# ISO first: a date input without a format of its own renders its value with the first of these,
# and <input type="date"> accepts only 2026-12-03 (2026/12/03 shows as an empty field).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
