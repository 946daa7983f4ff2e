"""Dates for machines and for Bulgarian readers.

Machines: ``<time datetime>`` and JSON-LD take ISO 8601 with whole seconds and the UTC offset
(HTML does not allow microseconds); ``machine_datetime`` is the one way to write it.

People: Bulgarian writes month names in lower case ("28 ноември 2026"), but Django's Bulgarian
catalogue capitalises them. The msgids below are Django's own month names (``django.utils.dates``);
naming them here puts them into our catalogue, which Django reads before its own (LOCALE_PATHS
come first), so every date Django formats (templates' ``|date``, PDFs, e-mails, forms) has our
lower-case names. A heading that starts with a month name capitalises it with ``|capfirst``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_noop, pgettext_lazy

MONTH_NAMES = (
    # The "F" format (standalone).
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"),
    gettext_noop("April"), gettext_noop("May"), gettext_noop("June"), gettext_noop("July"),
    gettext_noop("August"), gettext_noop("September"), gettext_noop("October"),
    gettext_noop("November"), gettext_noop("December"),
    # The "E" format (the month in a date).
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
    # The "N" format (abbreviated).
    pgettext_lazy("abbrev. month", "Jan."), pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"), pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"), pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"), pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."), pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."), pgettext_lazy("abbrev. month", "Dec."),
)  # fmt: skip


def machine_datetime(value) -> str:
    """ISO 8601 for machines: a date as ``2026-11-28``; a moment in the platform's time zone,
    to the second, with its offset (``2026-11-28T10:00:00+02:00``); ``""`` for nothing."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
