"""The design system's components, as the back-office pattern page shows them (/admin/patterns/).

Each component is a template under ``templates/includes/components/`` with a comment that says how
to include it; each has one entry here with a sample in Bulgarian. A new app reuses these before it
writes markup of its own; a component of its own goes beside them and is registered from the app's
``AppConfig.ready`` with :func:`register_pattern`. ``core/tests/test_patterns.py`` fails when a
component has no entry, or a template includes one that does not exist.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Pattern:
    name: str
    title: str
    description: str
    template: str
    include: str
    context: Callable[[], dict] = field(default=dict)
    height: int = 200


_PATTERNS: dict[str, Pattern] = {}


def register_pattern(pattern: Pattern) -> Pattern:
    _PATTERNS[pattern.name] = pattern
    return pattern


def patterns() -> list[Pattern]:
    return list(_PATTERNS.values())


def pattern(name: str) -> Pattern | None:
    return _PATTERNS.get(name)


def _component(name, title, description, include, context=dict, height=200):
    return register_pattern(
        Pattern(
            name=name,
            title=title,
            description=description,
            template=f"includes/components/{name}.html",
            include=include,
            context=context,
            height=height,
        )
    )


def _sample_page_obj():
    from django.core.paginator import Paginator

    return Paginator(list(range(95)), 20).page(2)


def _sample_field():
    from django import forms

    class SampleForm(forms.Form):
        email = forms.EmailField(
            label="Електронна поща", help_text="На този адрес ще получите потвърждение."
        )

    form = SampleForm(data={"email": "не-е-адрес"})
    form.is_valid()
    return form["email"]


def _sample_eu():
    from .eu import visibility_context

    return visibility_context()


def _sample_start():
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(2026, 12, 14, 10, 0))


_component(
    "breadcrumbs",
    _("Breadcrumbs"),
    _(
        "Where the page sits; the last item is the current page. Build the items in a template "
        "with the crumbs tag (label, URL, label, URL…; the last URL empty)."
    ),
    '{% crumbs _("Trainings") calendar_url course.title "" as breadcrumbs %}'
    '{% include "includes/components/breadcrumbs.html" with items=breadcrumbs %}',
    lambda: {"items": [("Начало", "#"), ("Обучения", "#"), ("Гражданско участие", "")]},
    height=90,
)
_component(
    "page_header",
    _("Page header"),
    _("The title of a page with its lead paragraph and breadcrumbs."),
    '{% include "includes/components/page_header.html" with title=… lead=… intro=… '
    "breadcrumbs=… %}",
    lambda: {
        "title": "Организации в програмата",
        "lead": "Гражданските организации от 25-те общини на програмата.",
        "breadcrumbs": [("Начало", "#"), ("Организации", "")],
    },
    height=230,
)
_component(
    "card",
    _("Card"),
    _("One item of a list: the title's link covers the whole card. Put cards in a .grid."),
    '{% include "includes/components/card.html" with title=… url=… meta=… text=… tags=… %}',
    lambda: {
        "title": "Сдружение „Искър“",
        "url": "#",
        "meta": "Сдружение · Долна Митрополия",
        "text": "Младежки инициативи, доброволчество и местно развитие.",
        "tags": ["в програмата"],
    },
    height=230,
)
_component(
    "alert",
    _("Alert"),
    _("A message to the reader: info, success, warning or error. Django's messages use it."),
    '{% include "includes/components/alert.html" with level="success" title=… text=… %}',
    lambda: {
        "level": "success",
        "title": "Записахте се",
        "text": "Ще получите напомняне ден преди обучението.",
    },
    height=120,
)
_component(
    "tag",
    _("Tag"),
    _("A short label; a link when it filters a list. Variants: success, warning, muted."),
    '{% include "includes/components/tag.html" with label=… url=… variant=… %}',
    lambda: {"label": "екология", "url": "#"},
    height=70,
)
_component(
    "empty_state",
    _("Empty state"),
    _("A list with nothing in it yet, and what the reader can do about it."),
    '{% include "includes/components/empty_state.html" with title=… text=… action_url=… '
    "action_label=… %}",
    lambda: {
        "title": "Няма предстоящи обучения",
        "text": "Новите обучения се обявяват всеки месец.",
        "action_url": "#",
        "action_label": "Вижте минали обучения",
    },
    height=300,
)
_component(
    "date_place",
    _("Date and place"),
    _("When and where something happens: a date block with the time and the place."),
    '{% include "includes/components/date_place.html" with start=… end=… place=… online=… %}',
    lambda: {
        "start": _sample_start(),
        "end": _sample_start() + datetime.timedelta(hours=3),
        "place": "Читалище „Просвета“, Долна Митрополия",
    },
    height=120,
)
_component(
    "stat",
    _("Figure"),
    _("A figure that matters, with what it counts. Several go in a ul.stat-grid."),
    '{% include "includes/components/stat.html" with value=… label=… %}',
    lambda: {"value": "1 248", "label": "участници в обученията"},
    height=130,
)
_component(
    "pagination",
    _("Pagination"),
    _("The pages of a long list; it keeps the list's filters."),
    '{% include "includes/components/pagination.html" %}',
    lambda: {"page_obj": _sample_page_obj()},
    height=110,
)
_component(
    "form_field",
    _("Form field"),
    _("A field with its label, hint and error; the error comes before the input."),
    '{% include "includes/components/form_field.html" with field=form.email %}',
    lambda: {"field": _sample_field()},
    height=200,
)
register_pattern(
    Pattern(
        name="eu_visibility",
        title=_("EU visibility block"),
        description=_(
            "The funding statement required on every page and document paid for by the programme."
        ),
        template="includes/eu_visibility.html",
        include="{% load partnerstvo %}{% eu_visibility %}",
        context=_sample_eu,
        height=170,
    )
)
register_pattern(
    Pattern(
        name="buttons",
        title=_("Buttons"),
        description=_(
            "Classes button, button--secondary, button--quiet, button--danger and button--small,"
            " on a button or a link. One primary button per form."
        ),
        template="core/patterns/buttons.html",
        include='<button class="button">…</button> · <a class="button button--secondary">…</a>',
        height=110,
    )
)
register_pattern(
    Pattern(
        name="table",
        title=_("Table"),
        description=_(
            "A table scrolls inside its own region on a phone; sortable columns carry aria-sort."
        ),
        template="core/patterns/table.html",
        include='<div class="table-wrap" role="region" aria-label="…" tabindex="0">'
        '<table class="table">…</table></div>',
        height=240,
    )
)


def _sample_chart():
    from partnerstvo.core.charts import bar_chart

    return {
        "chart": bar_chart(
            "Участници по община",
            [("Столична", 48), ("Пловдив", 31), ("Русе", 17), ("Смолян", 6)],
            caption="Записани участници в обученията през 2026 г.",
        )
    }


_component(
    "bar_chart",
    _("Bar chart"),
    _(
        "A horizontal bar chart drawn on the server as SVG, followed by its data table;"
        " build it with partnerstvo.core.charts.bar_chart()."
    ),
    '{% include "includes/components/bar_chart.html" with chart=chart %}',
    _sample_chart,
    height=320,
)


def _sample_radar():
    from partnerstvo.core.charts import radar_chart

    return {
        "chart": radar_chart(
            "Оценка по измерения",
            ["Управление", "Стратегия", "Хора", "Финанси", "Партньорства"],
            [("Последваща", [3.6, 3.9, 3.2, 3.1, 4.0]), ("Базова", [3.0, 2.1, 2.8, 2.2, 3.4])],
            max_value=5,
        )
    }


_component(
    "radar_chart",
    _("Radar chart"),
    _(
        "Scores on several axes drawn on the server as SVG (one polygon per series), followed"
        " by the same figures as a table; build it with partnerstvo.core.charts.radar_chart()."
    ),
    '{% include "includes/components/radar_chart.html" with chart=chart %}',
    _sample_radar,
    height=560,
)
