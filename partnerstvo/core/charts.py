"""Bar and radar charts drawn on the server as inline SVG, each with its data table.

``bar_chart(title, rows, ...)`` returns a :class:`BarChart` that
``includes/components/bar_chart.html`` renders: horizontal bars (they fit a
360 px phone), labels and values as text, ``role="img"`` with a title and a
description, and the same figures in a table so nothing depends on the picture.
Pure Python; core imports nothing of the other apps.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from django.utils.formats import number_format

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
    """A figure as the active language writes it (2,5 in Bulgarian, 2.5 in English): one
    decimal, none when it rounds to a whole number."""
    rounded = round(value, 1)
    text = number_format(rounded, 0 if rounded % 1 == 0 else 1)
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


# --- radar charts ------------------------------------------------------------------------------

RADAR_SIZE = 420
RADAR_RADIUS = 140


@dataclass(frozen=True)
class RadarAxis:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class RadarSeries:
    index: int
    name: str
    values: tuple
    displays: tuple
    points: str  # the polygon's "x,y x,y …"
    dots: tuple  # (x, y) of each value that is present


@dataclass
class RadarChart:
    title: str
    axes: list
    series: list
    rings: list  # (polygon points, label, label y) of each scale step
    max_value: float
    caption: str = ""
    size: int = RADAR_SIZE
    uid: str = field(default_factory=lambda: f"chart-{next(_ids)}")

    @property
    def is_empty(self) -> bool:
        return not self.axes or not self.series

    @property
    def rows(self) -> list:
        """(label, displays of each series) for the table and the description."""
        return [
            (axis.label, tuple(series.displays[i] for series in self.series))
            for i, axis in enumerate(self.axes)
        ]

    @property
    def centre(self) -> float:
        return self.size / 2

    @property
    def description(self) -> str:
        """The figures in words, for the SVG's <desc> (what a screen reader reads)."""
        return "; ".join(
            f"{label}: "
            + ", ".join(f"{s.name} {d}" for s, d in zip(self.series, displays, strict=True))
            for label, displays in self.rows
        )


def _radar_point(index: int, count: int, fraction: float, centre: float) -> tuple[float, float]:
    import math

    angle = -math.pi / 2 + 2 * math.pi * index / count
    return (
        round(centre + math.cos(angle) * RADAR_RADIUS * fraction, 2),
        round(centre + math.sin(angle) * RADAR_RADIUS * fraction, 2),
    )


def radar_chart(title, axes, series, *, max_value, steps=None, caption="") -> RadarChart:
    """A radar (spider) chart of ``series`` — ``(name, values)`` with one value (or ``None``,
    for no data) per label of ``axes`` — on a scale from 0 to ``max_value``, with a ring at each
    of ``steps`` (default 1, 2, … max_value). Drawn by ``includes/components/radar_chart.html``
    as an SVG with a title and a description, followed by the same figures as a table; a
    missing value is a gap in the table ("–") and is drawn at the centre."""
    labels = [str(label) for label in axes]
    count = len(labels)
    top = _number(max_value) or 1.0
    centre = RADAR_SIZE / 2
    chart = RadarChart(
        title=str(title), axes=[], series=[], rings=[], max_value=top, caption=str(caption)
    )
    if count < 3:  # a radar needs three axes; fewer still give the table
        chart.axes = [
            RadarAxis(label, centre, centre, centre, centre, "middle") for label in labels
        ]
    else:
        for i, label in enumerate(labels):
            x, y = _radar_point(i, count, 1.0, centre)
            lx, ly = _radar_point(i, count, 1.12, centre)
            anchor = "middle" if abs(lx - centre) < 10 else ("start" if lx > centre else "end")
            chart.axes.append(RadarAxis(label, x, y, lx, ly, anchor))
        for step in steps or range(1, int(top) + 1):
            ring = [_radar_point(i, count, float(step) / top, centre) for i in range(count)]
            chart.rings.append(
                (" ".join(f"{x},{y}" for x, y in ring), _display(float(step), ""), ring[0][1])
            )
    for index, (name, values) in enumerate(series):
        values = list(values) + [None] * (count - len(values))
        numbers = tuple(None if v is None else min(_number(v), top) for v in values[:count])
        points = [
            _radar_point(i, count, (v or 0.0) / top, centre) if count >= 3 else (centre, centre)
            for i, v in enumerate(numbers)
        ]
        chart.series.append(
            RadarSeries(
                index=index,
                name=str(name),
                values=numbers,
                displays=tuple("–" if v is None else _radar_display(v) for v in numbers),
                points=" ".join(f"{x},{y}" for x, y in points),
                dots=tuple(p for p, v in zip(points, numbers, strict=True) if v is not None),
            )
        )
    return chart


def _radar_display(value: float) -> str:
    return number_format(value, 2)  # as the active language writes it: 2,50 or 2.50
