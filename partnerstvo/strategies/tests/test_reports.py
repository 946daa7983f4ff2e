"""The annual implementation report: a real XLSX (opened with openpyxl, cells checked) and a
real PDF (its text read with pypdf), for a year of the strategy's period."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.strategies import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(strategy, measure, indicator, milestone):
    services.indicator_value_record(actor=SYSTEM, indicator=indicator, year=2023, value=Decimal(50))
    services.indicator_value_record(actor=SYSTEM, indicator=indicator, year=2024, value=Decimal(80))
    services.milestone_reach(
        actor=SYSTEM, milestone=milestone, reached_on=datetime.date(2023, 7, 1)
    )
    return strategy


def test_the_xlsx_report_has_the_measures_indicators_of_the_year_and_milestones(client, reported):
    response = client.get(f"/en/strategies/{reported.slug}/report.xlsx?year=2023")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{reported.slug}-2023.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Summary", "Measures", "Indicators", "Milestones"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Year of the report"] == 2023
    assert summary["Overall progress (%)"] == 40
    assert summary["Measures"] == 1
    assert summary["Measures: In progress"] == 1
    assert summary["Budget (BGN)"] == 150000
    assert summary["Milestones due in the year"] == 1
    assert summary["Milestones reached in the year"] == 1
    measures = list(book["Measures"].iter_rows(values_only=True))
    assert measures[0][:6] == ("Priority", "Goal", "Code", "Measure", "Status", "Progress (%)")
    assert measures[1][:7] == ("П1", "Ц1.1", "М1.1.1", "Мярка М1.1.1", "In progress", 40, 150000)
    assert "Искър БГ" in measures[1][11] and "(lead)" in measures[1][11]
    indicators = list(book["Indicators"].iter_rows(values_only=True))
    assert indicators[0][7] == "Actual 2023"
    assert indicators[1] == ("М1.1.1", "Обучени младежи", "брой", 0, 2020, 200, 2027, 50, 25)
    milestones = list(book["Milestones"].iter_rows(values_only=True))
    assert milestones[1][0] == "Първо обучение"


def test_a_year_without_values_has_empty_actuals(client, reported):
    book = load_workbook(
        io.BytesIO(client.get(f"/en/strategies/{reported.slug}/report.xlsx?year=2021").content),
        read_only=True,
    )
    indicators = list(book["Indicators"].iter_rows(values_only=True))
    row = (*indicators[1], None, None)  # read-only sheets drop trailing empty cells
    assert indicators[1][:7] == ("М1.1.1", "Обучени младежи", "брой", 0, 2020, 200, 2027)
    assert row[7] is None and row[8] is None


def test_the_pdf_report_is_a_pdf_with_the_strategy_and_the_year(client, reported):
    response = client.get(f"/en/strategies/{reported.slug}/report.pdf?year=2023")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Implementation report 2023" in text
    assert "М1.1.1" in text
    assert "Обучени младежи" in text
