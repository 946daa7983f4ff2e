"""The annual implementation report of a strategy as files: a PDF (core.pdf, WeasyPrint) and an
XLSX workbook (core.xlsx, openpyxl in write-only mode, imported when a workbook is made).

Both are built from ``selectors.annual_report`` (a fixed number of queries). A strategy of 500
measures lays its PDF out in a few seconds (``make bench`` times it); the XLSX streams row by
row, so its memory stays flat."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from partnerstvo.core import xlsx
from partnerstvo.core.pdf import render_pdf

from .models import Measure
from .selectors import AnnualReport


def _number(value):
    return None if value is None else float(value)


def report_pdf(report: AnnualReport) -> bytes:
    return render_pdf(
        "strategies/report_pdf.html",
        {"report": report, "LANGUAGE_CODE": translation.get_language()},
    )


def report_xlsx(report: AnnualReport) -> bytes:
    """Four sheets: the summary, the measures, the indicators with the year's actual value
    against the target, and the milestones of the year."""
    book = xlsx.workbook()
    strategy, page = report.strategy, report.page

    summary = book.create_sheet(_("Summary"))
    xlsx.header(summary, [_("Item"), _("Value")])
    summary.append([_("Strategy"), strategy.title])
    summary.append([_("Period"), f"{strategy.start_year}–{strategy.end_year}"])
    summary.append([_("Year of the report"), report.year])
    summary.append([_("Overall progress (%)"), _number(page.progress)])
    summary.append([_("Measures"), page.measure_count])
    for value, label in Measure.Status.choices:
        summary.append([_("Measures: %(status)s") % {"status": label}, page.status_counts[value]])
    for currency, amount in page.budget.items():
        summary.append([_("Budget (%(currency)s)") % {"currency": currency}, _number(amount)])
    summary.append([_("Milestones due in the year"), len(report.milestones_due)])
    summary.append([_("Milestones reached in the year"), len(report.milestones_reached)])
    summary.append(
        [
            _("Indicators with a value for the year"),
            sum(1 for _row, actual, _a in report.indicators if actual is not None),
        ]
    )

    measures = book.create_sheet(_("Measures"))
    xlsx.header(
        measures,
        [
            _("Priority"), _("Goal"), _("Code"), _("Measure"), _("Status"), _("Progress (%)"),
            _("Budget"), _("Currency"), _("Source of funding"), _("From"), _("Until"),
            _("Responsible partners"),
        ],
    )  # fmt: skip
    for row in report.measures:
        measure = row.measure
        measures.append(
            [
                row.priority.code,
                row.goal.code,
                measure.code,
                measure.title,
                measure.get_status_display(),
                measure.progress,
                _number(measure.budget),
                measure.currency if measure.budget is not None else None,
                measure.funding_source,
                measure.starts_on,
                measure.ends_on,
                "; ".join(
                    f"{p.party}{' (' + _('lead') + ')' if p.is_lead else ''}" for p in row.partners
                ),
            ]
        )

    indicators = book.create_sheet(_("Indicators"))
    xlsx.header(
        indicators,
        [
            _("Of"), _("Indicator"), _("Unit"), _("Baseline"), _("Baseline year"), _("Target"),
            _("Target year"), _("Actual %(year)s") % {"year": report.year}, _("Achievement (%)"),
        ],
    )  # fmt: skip
    for indicator_row, actual, achievement in report.indicators:
        indicator = indicator_row.indicator
        owner = indicator.measure.code if indicator.measure_id else indicator.goal.code
        indicators.append(
            [
                owner,
                indicator.name,
                indicator.unit,
                _number(indicator.baseline_value),
                indicator.baseline_year,
                _number(indicator.target_value),
                indicator.target_year,
                _number(actual),
                _number(achievement),
            ]
        )

    milestones = book.create_sheet(_("Milestones"))
    xlsx.header(milestones, [_("Milestone"), _("Measure"), _("Due on"), _("Reached on")])
    rows = {m.pk: m for m in [*report.milestones_due, *report.milestones_reached]}
    for milestone in sorted(rows.values(), key=lambda m: (m.due_on, m.pk)):
        milestones.append(
            [
                milestone.title,
                milestone.measure.code if milestone.measure_id else None,
                milestone.due_on,
                milestone.reached_on,
            ]
        )
    return xlsx.to_bytes(book)
