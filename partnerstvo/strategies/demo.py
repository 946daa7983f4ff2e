"""The demo strategy: the integrated development plan of Долна Митрополия 2021–2027, adopted by
its municipal council, with three priorities, six goals and twelve measures carried out by the
administration with Искър БГ and Горна Оряховица 2000; measures in progress, indicators with
actual values for 2021–2025, milestones (some reached). Built through the services as SYSTEM;
idempotent (a strategy of that title is left as it is)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import Administration, Organisation

from . import services
from .models import Strategy

TITLE = "План за интегрирано развитие на община Долна Митрополия 2021–2027"

# (code, title, weight, goals: (code, title, measures: (code, title, partners, budget, currency,
# source, status, progress, weight, indicator or None)))
# partners: "a" the administration, "i" Искър БГ, "g" Горна Оряховица 2000; the first one leads.
PRIORITIES = [
    (
        "П1",
        "Конкурентоспособна местна икономика и заетост",
        Decimal(2),
        [
            (
                "Ц1.1",
                "Повече работни места и умения на младите хора",
                [
                    (
                        "М1.1.1",
                        "Програма за професионално ориентиране и стажове на младежи",
                        "ia",
                        180000,
                        "BGN",
                        "ПРЧР 2021–2027",
                        "in_progress",
                        60,
                        2,
                        (
                            "Младежи, преминали стаж",
                            "брой",
                            0,
                            2020,
                            240,
                            2027,
                            [12, 45, 88, 130, 165],
                        ),
                    ),
                    (
                        "М1.1.2",
                        "Център за подкрепа на малкия бизнес и предприемачеството",
                        "ag",
                        95000,
                        "EUR",
                        "ПКИП 2021–2027",
                        "delayed",
                        25,
                        1,
                        (
                            "Консултирани предприятия",
                            "брой",
                            0,
                            2020,
                            120,
                            2027,
                            [0, 5, 14, 22, 30],
                        ),
                    ),
                ],
            ),
            (
                "Ц1.2",
                "Развит местен туризъм по поречието на Искър",
                [
                    (
                        "М1.2.1",
                        "Туристически маршрут „Поречието на Искър“ с информационни табели",
                        "ai",
                        240000,
                        "BGN",
                        "ПРСР 2023–2027",
                        "in_progress",
                        45,
                        1,
                        (
                            "Посетители на туристическия център",
                            "брой годишно",
                            1200,
                            2020,
                            5000,
                            2027,
                            [1100, 1500, 2100, 2900, 3400],
                        ),
                    ),
                    (
                        "М1.2.2",
                        "Календар на местните празници и фестивали",
                        "ia",
                        30000,
                        "BGN",
                        "общински бюджет",
                        "completed",
                        100,
                        1,
                        None,
                    ),
                ],
            ),
        ],
    ),
    (
        "П2",
        "Социално включване, образование и здраве",
        Decimal(2),
        [
            (
                "Ц2.1",
                "Достъпни социални услуги в общността",
                [
                    (
                        "М2.1.1",
                        "Център за грижа за възрастни хора с домашен патронаж",
                        "ai",
                        520000,
                        "BGN",
                        "ПРЧР 2021–2027",
                        "in_progress",
                        70,
                        3,
                        (
                            "Потребители на домашен патронаж",
                            "брой",
                            40,
                            2020,
                            150,
                            2027,
                            [45, 62, 90, 118, 131],
                        ),
                    ),
                    (
                        "М2.1.2",
                        "Мобилни екипи за подкрепа на семейства в селата",
                        "ia",
                        140000,
                        "BGN",
                        "ПРЧР 2021–2027",
                        "planned",
                        0,
                        1,
                        None,
                    ),
                ],
            ),
            (
                "Ц2.2",
                "Съвременна образователна среда",
                [
                    (
                        "М2.2.1",
                        "Обновяване на училищните STEM кабинети",
                        "a",
                        310000,
                        "EUR",
                        "НПВУ",
                        "completed",
                        100,
                        2,
                        ("Училища с обновени кабинети", "брой", 0, 2020, 6, 2027, [0, 2, 4, 6, 6]),
                    ),
                    (
                        "М2.2.2",
                        "Дигитални умения за родители и учители",
                        "gi",
                        45000,
                        "BGN",
                        "Еразъм+",
                        "in_progress",
                        35,
                        1,
                        (
                            "Обучени родители и учители",
                            "брой",
                            0,
                            2020,
                            400,
                            2027,
                            [0, 40, 95, 150, 180],
                        ),
                    ),
                ],
            ),
        ],
    ),
    (
        "П3",
        "Устойчива среда и добро управление",
        Decimal(1),
        [
            (
                "Ц3.1",
                "Енергийна ефективност и чиста среда",
                [
                    (
                        "М3.1.1",
                        "Енергийно обновяване на общински сгради",
                        "a",
                        1200000,
                        "BGN",
                        "ПРР 2021–2027",
                        "in_progress",
                        40,
                        3,
                        (
                            "Годишно потребление на енергия в общински сгради",
                            "MWh",
                            2400,
                            2020,
                            1600,
                            2027,
                            [2380, 2310, 2150, 2020, 1900],
                        ),
                        "decrease",
                    ),
                    (
                        "М3.1.2",
                        "Разделно събиране на отпадъци в селата",
                        "ai",
                        85000,
                        "BGN",
                        "ПОС 2021–2027",
                        "cancelled",
                        10,
                        1,
                        None,
                    ),
                ],
            ),
            (
                "Ц3.2",
                "Прозрачно управление с участието на гражданите",
                [
                    (
                        "М3.2.1",
                        "Граждански бюджет: гражданите предлагат проекти",
                        "ig",
                        50000,
                        "BGN",
                        "общински бюджет",
                        "in_progress",
                        55,
                        1,
                        (
                            "Предложения на граждани",
                            "брой годишно",
                            0,
                            2020,
                            60,
                            2027,
                            [0, 12, 25, 31, 44],
                        ),
                    ),
                    (
                        "М3.2.2",
                        "Обществен съвет за сътрудничество с гражданските организации",
                        "ai",
                        10000,
                        "BGN",
                        "общински бюджет",
                        "completed",
                        100,
                        1,
                        None,
                    ),
                ],
            ),
        ],
    ),
]

MILESTONES = [
    # (title, measure code or None, due, reached)
    ("Приет план за интегрирано развитие от общинския съвет", None, (2021, 9, 30),
     (2021, 9, 30)),
    ("Междинна оценка на изпълнението на плана", None, (2024, 12, 31), (2025, 2, 14)),
    ("Първи випуск стажанти", "М1.1.1", (2022, 9, 30), (2022, 10, 5)),
    ("Открит център за грижа за възрастни хора", "М2.1.1", (2023, 6, 30), (2023, 6, 12)),
    ("Подписан договор за енергийно обновяване", "М3.1.1", (2024, 3, 31), (2024, 5, 20)),
    ("Завършено обновяване на сградата на общината", "М3.1.1", (2026, 10, 31), None),
    ("Поставени информационни табели по маршрута", "М1.2.1", (2025, 9, 30), None),
    ("Окончателна оценка на плана", None, (2027, 12, 31), None),
]  # fmt: skip


def load() -> list[tuple[str, str, str]]:
    if Strategy.objects.filter(title=TITLE).exists():
        return []
    administration = Administration.objects.filter(municipality__code="PVN10").first()
    if administration is None:
        return []
    parties = {
        "a": {"administration": administration},
        "i": {"organisation": Organisation.objects.filter(name="ССИЗП „Искър БГ“").first()},
        "g": {
            "organisation": Organisation.objects.filter(
                name="Сдружение „Горна Оряховица 2000“"
            ).first()
        },
    }
    strategy = services.strategy_create(
        actor=SYSTEM,
        data={
            "administration": administration,
            "title": TITLE,
            "summary": "Стратегическият документ за развитие на община Долна Митрополия за "
            "програмния период 2021–2027: три приоритета, шест цели и дванадесет мерки, "
            "изпълнявани от общинската администрация с гражданските организации.",
            "start_year": 2021,
            "end_year": 2027,
            "decision_body": "Общински съвет – Долна Митрополия",
            "decision_number": "245",
            "decision_date": datetime.date(2021, 9, 30),
            "status": Strategy.Status.IN_IMPLEMENTATION,
        },
    )
    measures = {}
    for order, (code, title, weight, goals) in enumerate(PRIORITIES):
        priority = services.priority_save(
            actor=SYSTEM,
            strategy=strategy,
            data={"code": code, "title": title, "weight": weight, "order": order},
        )
        for goal_order, (goal_code, goal_title, rows) in enumerate(goals):
            goal = services.goal_save(
                actor=SYSTEM,
                priority=priority,
                data={"code": goal_code, "title": goal_title, "order": goal_order},
            )
            for measure_order, row in enumerate(rows):
                measures[row[0]] = _measure(goal, row, measure_order, parties)
    for title, code, due, reached in MILESTONES:
        milestone = services.milestone_save(
            actor=SYSTEM,
            strategy=strategy,
            measure=measures.get(code),
            data={"title": title, "due_on": datetime.date(*due)},
        )
        if reached:
            services.milestone_reach(
                actor=SYSTEM, milestone=milestone, reached_on=datetime.date(*reached)
            )
    services.strategy_publish(actor=SYSTEM, strategy=strategy)
    return []


def _measure(goal, row, order, parties):
    code, title, partners, budget, currency, source, status, progress, weight, indicator = row[:10]
    direction = row[10] if len(row) > 10 else "increase"
    partner_rows = [
        {**parties[key], "is_lead": index == 0}
        for index, key in enumerate(partners)
        if all(parties[key].values())
    ]
    measure = services.measure_save(
        actor=SYSTEM,
        goal=goal,
        data={
            "code": code,
            "title": title,
            "description": f"{title}: дейности, партньори и резултати според плана.",
            "budget": Decimal(budget),
            "currency": currency,
            "funding_source": source,
            "starts_on": datetime.date(2022, 1, 1),
            "ends_on": datetime.date(2026, 12, 31),
            "status": status,
            "progress": progress,
            "weight": Decimal(weight),
            "order": order,
        },
        partners=partner_rows,
    )
    if indicator:
        name, unit, baseline, baseline_year, target, target_year, actuals = indicator
        saved = services.indicator_save(
            actor=SYSTEM,
            measure=measure,
            data={
                "name": name,
                "unit": unit,
                "baseline_value": Decimal(baseline),
                "baseline_year": baseline_year,
                "target_value": Decimal(target),
                "target_year": target_year,
                "direction": direction,
            },
        )
        for year, value in zip(range(2021, 2026), actuals, strict=True):
            services.indicator_value_record(
                actor=SYSTEM, indicator=saved, year=year, value=Decimal(value)
            )
    return measure
