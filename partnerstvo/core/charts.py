"""Bar charts drawn on the server as inline SVG, each with its data table.

``bar_chart(title, rows, ...)`` returns a :class:`BarChart` that
``includes/components/bar_chart.html`` renders: horizontal bars (they fit a
360 px phone), labels and values as text, ``role="img"`` with a title and a
description, and the same figures in a table so nothing depends on the picture.
Pure Python; core imports nothing of the other apps.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

_ids = itertools.count(1)

# Geometry in SVG user units (the SVG scales to its container's width).
WIDTH = 600
LABEL_WIDTH = 200
VALUE_WIDTH = 70
BAR_HEIGHT = 22
ROW_GAP = 12
SERIES_GAP = 4


@dataclass(frozen=True)
class Bar:
    series: int
    value: float
    width: float
    y: float
    display: str


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple
    bars: tuple
    y: float
    label_y: float


@dataclass
class BarChart:
    title: str
    rows: list
    series: list
    unit: str = ""
    caption: str = ""
    max_value: float = 0
    height: float = 0
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_area: int = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    uid: str = field(default_factory=lambda: f"chart-{next(_ids)}")

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def grouped(self) -> bool:
        return len(self.series) > 1


def _number(value) -> float:
    try:
        number = float(value or 0)
    except (TypeError, ValueError):
        return 0.0
    return number if number > 0 else 0.0


def _display(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"
    text = text.replace(".", ",")
    return f"{text}{' ' if unit and unit != '%' else ''}{unit}"


def bar_chart(title, rows, *, unit="", max_value=None, caption="", series=None) -> BarChart:
    """Build a chart from ``rows``: ``(label, value)`` or ``(label, (v1, v2, …))``.

    ``series`` names the values of a grouped chart (e.g. before/after). Negative
    or missing values count as zero; the longest bar is ``max_value`` (default
    the largest value) so that bars of several charts can share a scale.
    """
    normalised = []
    for label, value in rows:
        values = tuple(value) if isinstance(value, (list, tuple)) else (value,)
        normalised.append((str(label), tuple(_number(v) for v in values)))
    count = max((len(v) for _, v in normalised), default=1)
    series = list(series or [""] * count)
    while len(series) < count:
        series.append("")
    top = _number(max_value) or max((max(v) for _, v in normalised if v), default=0)
    chart = BarChart(title=str(title), rows=[], series=series, unit=unit, caption=str(caption))
    chart.max_value = top
    y = 0.0
    step = BAR_HEIGHT + SERIES_GAP
    for label, values in normalised:
        values = values + (0.0,) * (count - len(values))
        bars = tuple(
            Bar(
                series=i,
                value=v,
                width=round(min(v, top) / top * chart.bar_area, 2) if top else 0.0,
                y=y + i * step,
                display=_display(v, unit),
            )
            for i, v in enumerate(values)
        )
        block = count * step - SERIES_GAP
        chart.rows.append(Row(label=label, values=values, bars=bars, y=y, label_y=y + block / 2))
        y += block + ROW_GAP
    chart.height = max(y - ROW_GAP, 0)
    return chart
