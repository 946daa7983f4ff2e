from django.template.loader import render_to_string

from partnerstvo.core.charts import bar_chart


def test_bars_scale_to_the_largest_value():
    chart = bar_chart("Участници", [("София", 40), ("Русе", 20), ("Видин", 0)])
    widths = [row.bars[0].width for row in chart.rows]
    assert widths[0] == chart.bar_area
    assert widths[1] == chart.bar_area / 2
    assert widths[2] == 0


def test_max_value_sets_a_shared_scale_and_clips():
    chart = bar_chart("Оценки", [("А", 5), ("Б", 7)], max_value=5)
    assert [r.bars[0].width for r in chart.rows] == [chart.bar_area, chart.bar_area]


def test_empty_and_zero_data_do_not_divide_by_zero():
    assert bar_chart("Нищо", []).is_empty
    chart = bar_chart("Нули", [("А", 0), ("Б", None), ("В", "x"), ("Г", -3)])
    assert all(r.bars[0].width == 0 for r in chart.rows)
    html = render_to_string("includes/components/bar_chart.html", {"chart": bar_chart("Нищо", [])})
    assert "<svg" not in html


def test_grouped_chart_has_one_bar_per_series():
    chart = bar_chart(
        "Знания", [("Тема", (40, 80))], series=["Преди", "След"], unit="%", max_value=100
    )
    assert chart.grouped
    assert [b.display for b in chart.rows[0].bars] == ["40%", "80%"]


def test_rendered_chart_is_accessible_and_escapes_labels():
    chart = bar_chart("Участници <b>", [("<script>x</script>", 3.5)], unit="души")
    html = render_to_string("includes/components/bar_chart.html", {"chart": chart})
    assert "<script>x" not in html and "&lt;script&gt;" in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "<table" in html and "3,5 души" in html
