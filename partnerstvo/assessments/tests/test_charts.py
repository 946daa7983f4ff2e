"""The radar chart of core.charts: geometry, several series, missing values, and its table."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from partnerstvo.core.charts import radar_chart


@pytest.fixture(autouse=True)
def _bulgarian():
    """The charts in the platform's default language (this folder's tests read English)."""
    with translation.override("bg"):
        yield


def test_a_radar_has_a_polygon_per_series_and_a_ring_per_step():
    chart = radar_chart(
        "Оценка",
        ["Управление", "Финанси", "Хора", "Услуги"],
        [("Сега", [5, 2.5, 1, 4]), ("Преди", [3, None, 1, 2])],
        max_value=5,
    )
    assert len(chart.rings) == 5
    assert len(chart.series) == 2
    top = chart.series[0].points.split()[0]
    assert top == f"{chart.centre},{chart.centre - 140}"  # the first axis points up
    assert chart.series[1].displays == ("3,00", "–", "1,00", "2,00")
    assert len(chart.series[1].dots) == 3
    assert "Финанси: Сега 2,50, Преди –" in chart.description
    with translation.override("en"):  # the figures as each language writes them
        chart = radar_chart("Score", ["Finance"], [("Now", [2.5])], max_value=5)
    assert chart.series[0].displays == ("2.50",)


def test_the_radar_renders_an_accessible_svg_with_its_table():
    chart = radar_chart("Оценка", ["А", "Б", "В"], [("Сега", [1, 2, 3])], max_value=5)
    html = render_to_string("includes/components/radar_chart.html", {"chart": chart})
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert html.count("<polygon") == 5 + 1
    assert "<table" in html and '<th scope="row">Б</th><td>2,00</td>' in html


def test_an_empty_radar_says_so():
    chart = radar_chart("Оценка", [], [], max_value=5)
    assert chart.is_empty
    html = render_to_string("includes/components/radar_chart.html", {"chart": chart})
    assert "<svg" not in html


def test_coordinates_are_not_localised_in_bulgarian():
    """Bulgarian writes 210,5 for 210.5: an SVG coordinate must keep its point."""
    chart = radar_chart("Оценка", ["А", "Б", "В"], [("Сега", [1.5, 2, 3])], max_value=5)
    with translation.override("bg"):
        html = render_to_string("includes/components/radar_chart.html", {"chart": chart})
    assert 'x1="210.00" y1="210.00"' in html
    assert "1,50" in html  # the figures themselves are written the Bulgarian way
    import re

    for attribute in re.findall(r'\b(?:x|y|x1|y1|x2|y2|cx|cy)="([^"]*)"', html):
        assert "," not in attribute
