"""Demo events in the demo municipalities: an opening conference and a round table that have
taken place (with attendance, minutes, decisions and follow-up actions), and coming working
meetings and a round table open for registration. Built through the services as SYSTEM; runs
after the directory demo and is idempotent (an event whose title exists is left alone).

An event that has taken place is built as a coming one (registration is refused once an event
has started), its people registered through the services, and then moved back in time."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import (
    Administration,
    Organisation,
    OrganisationMembership,
    Person,
)

from . import services
from .models import Action, AgendaItem, Event, Minutes, Registration, RegistrationQuestion

CONFERENCE = "Откриваща конференция на програмата „Партньорство“"
ROUND_TABLE = "Кръгла маса „Младежта в Горна Оряховица“"

EVENTS = [
    {
        "title": CONFERENCE,
        "kind": Event.Kind.CONFERENCE,
        "municipality": "PVN10",
        "organisation": "iskar-bg",
        "administration": "PVN10",
        "days": -40,
        "hours": 6,
        "venue": "Народно читалище „Христо Ботев 1899“, Долна Митрополия",
        "summary": "Начало на програмата: общината и гражданските организации представят "
        "общите си приоритети за следващите две години.",
        "audience": "Граждански организации, общински служители и общински съветници.",
        "agenda": [
            (0, "Откриване и приветствия", "Кметът на общината; председателят на Искър БГ"),
            (1, "Програмата „Партньорство“: цели и етапи", "Мария Петрова, координатор"),
            (3, "Работа по групи: приоритети за общината", "Модератори от организациите"),
            (5, "Обобщение и следващи стъпки", ""),
        ],
        "people": 14,
        "minutes": "published",
    },
    {
        "title": ROUND_TABLE,
        "kind": Event.Kind.ROUND_TABLE,
        "municipality": "VTR06",
        "organisation": "gorna-oryahovitsa-2000",
        "administration": "VTR06",
        "days": -9,
        "hours": 3,
        "venue": "Младежки дом, Горна Оряховица",
        "summary": "Младежки организации и общината обсъждат общинската програма за младежта.",
        "audience": "Младежки организации, училищни съвети, общинска администрация.",
        "agenda": [
            (0, "Проектът на общинска програма за младежта", "Отдел „Образование“"),
            (1, "Дискусия: какво липсва на младите хора в града", ""),
            (2, "Предложения и разпределение на задачите", ""),
        ],
        "people": 8,
        "minutes": "draft",
    },
    {
        "title": "Работна среща: общински бюджет 2027 и гражданско участие",
        "kind": Event.Kind.WORKING_MEETING,
        "municipality": "PVN10",
        "organisation": "iskar-bg",
        "administration": "PVN10",
        "days": 8,
        "hours": 2,
        "venue": "Общинска администрация, зала на общинския съвет",
        "summary": "Как гражданските организации да участват в обсъждането на бюджета.",
        "audience": "Организациите в програмата и финансовият отдел на общината.",
        "agenda": [
            (0, "Графикът на бюджетната процедура", "Финансов отдел"),
            (1, "Предложения на организациите", ""),
        ],
        "people": 6,
        "capacity": 25,
        "questions": True,
    },
    {
        "title": "Кръгла маса „Социални услуги в общността“",
        "kind": Event.Kind.ROUND_TABLE,
        "municipality": "VTR06",
        "organisation": "gorna-oryahovitsa-2000",
        "administration": None,
        "days": 21,
        "hours": 3,
        "venue": "Зала „Възраждане“, Горна Оряховица",
        "summary": "Доставчици на социални услуги и общината — картата на услугите.",
        "audience": "Доставчици на социални услуги, НПО, дирекция „Социално подпомагане“.",
        "agenda": [(0, "Картата на социалните услуги", ""), (1, "Дискусия", "")],
        "people": 3,
        "questions": True,
    },
    {
        "title": "Онлайн работна среща на координаторите",
        "kind": Event.Kind.WORKING_MEETING,
        "municipality": None,
        "organisation": "iskar-bg",
        "administration": None,
        "days": 14,
        "hours": 1,
        "format": Event.Format.ONLINE,
        "online_url": "https://meet.example.bg/partnerstvo-koordinatori",
        "summary": "Кратка среща за напредъка по задачите от конференцията.",
        "agenda": [(0, "Напредък по задачите", "")],
        "people": 4,
    },
]


def load() -> list[tuple[str, str, str]]:
    for spec in EVENTS:
        if not Event.objects.filter(title=spec["title"]).exists():
            _build(spec)
    return []


def _people(limit: int) -> list[tuple[Person, Organisation | None]]:
    chosen = []
    for membership in (
        OrganisationMembership.objects.filter(role__in=["admin", "member", "editor"])
        .select_related("person", "organisation")
        .exclude(person__email="")
        .order_by("organisation__name", "person__last_name", "pk")
    ):
        if all(membership.person_id != person.pk for person, _ in chosen):
            chosen.append((membership.person, membership.organisation))
        if len(chosen) >= limit:
            break
    return chosen


def _build(spec: dict) -> None:
    organisation = Organisation.objects.filter(slug=spec["organisation"]).first()
    administration = (
        Administration.objects.filter(municipality__code=spec["administration"]).first()
        if spec.get("administration")
        else None
    )
    if organisation is None:
        return
    municipality = administration.municipality if administration else None
    if spec.get("municipality") and municipality is None:
        from partnerstvo.directory.models import Municipality

        municipality = Municipality.objects.filter(code=spec["municipality"]).first()
    past = spec["days"] < 0
    # Built as coming (registration needs it); a past one is moved back below.
    day = timezone.localdate() + datetime.timedelta(days=abs(spec["days"]) if not past else 30)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    event_format = spec.get("format", Event.Format.IN_PERSON)
    event = services.event_create(
        actor=SYSTEM,
        data={
            "title": spec["title"],
            "kind": spec["kind"],
            "summary": spec["summary"],
            "description": spec["summary"],
            "audience": spec.get("audience", ""),
            "format": event_format,
            "municipality": municipality if event_format != Event.Format.ONLINE else None,
            "venue": spec.get("venue", ""),
            "online_url": spec.get("online_url", ""),
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=spec["hours"]),
            "capacity": spec.get("capacity"),
            "registration": Event.Registration.OPEN,
            "status": Event.Status.PUBLISHED,
        },
        organisations=[organisation],
        administrations=[administration] if administration else [],
        announce=False,  # demo data, not news
    )
    for order, (offset, title, speakers) in enumerate(spec["agenda"]):
        services.agenda_item_save(
            actor=SYSTEM,
            item=AgendaItem(),
            data={
                "event": event,
                "starts_at": start + datetime.timedelta(hours=offset),
                "title": title,
                "speakers": speakers,
                "order": order,
            },
        )
    answers = {}
    if spec.get("questions"):
        access = services.question_save(
            actor=SYSTEM,
            question=RegistrationQuestion(),
            data={"event": event, "label": "Имате ли нужда от достъпна среда?",
                  "kind": "yes_no", "required": True, "order": 1},
        )  # fmt: skip
        meal = services.question_save(
            actor=SYSTEM,
            question=RegistrationQuestion(),
            data={"event": event, "label": "Хранене", "kind": "choice",
                  "choices": "Обикновено\nВегетарианско", "order": 2},
        )  # fmt: skip
        answers = {str(access.pk): "no", str(meal.pk): "Обикновено"}
    registrations = []
    for person, on_behalf_of in _people(spec["people"]):
        registrations.append(
            services.registration_create(
                event=event,
                person=person,
                actor=SYSTEM,
                answers=answers,
                on_behalf_of=on_behalf_of,
                notify=False,
            )
        )
    if not past:
        return
    shift = start - timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=spec["days"]), datetime.time(10)
        )
    )
    Event.objects.filter(pk=event.pk).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    AgendaItem.objects.filter(event=event).update(starts_at=F("starts_at") - shift)
    Registration.objects.filter(event=event).update(created_at=F("created_at") - shift)
    event.refresh_from_db()
    marks = {
        registration.pk: (
            Registration.Attendance.ABSENT
            if index % 7 == 6
            else Registration.Attendance.EXCUSED
            if index % 11 == 10
            else Registration.Attendance.PRESENT
        )
        for index, registration in enumerate(registrations)
        if registration.status == Registration.Status.CONFIRMED
    }
    services.attendance_set(actor=SYSTEM, event=event, marks=marks)
    _minutes(event, spec, organisation=organisation, administration=administration)


def _minutes(event: Event, spec: dict, *, organisation, administration) -> None:
    if spec["title"] == CONFERENCE:
        body = (
            "Конференцията откри кметът на общината. Координаторът представи целите и етапите "
            "на програмата. Участниците работиха в четири групи и определиха приоритетите на "
            "общината за следващите две години: младежки дейности, достъпна среда, социални "
            "услуги и прозрачност на бюджета."
        )
        decisions = [
            (
                "Общината и организациите изготвят общ план за действие по четирите приоритета.",
                [
                    ("Проект на плана за действие", 20, Action.Status.DONE),
                    ("Публично обсъждане на плана", 45, Action.Status.IN_PROGRESS),
                ],
            ),
            (
                "Организациите участват в обсъждането на бюджета за 2027 г.",
                [("Предложения към бюджета от организациите", 30, Action.Status.OPEN)],
            ),
        ]
    else:
        body = (
            "Отделът „Образование“ представи проекта на общинска програма за младежта. "
            "Участниците предложиха младежки съвет към общината и повече дейности през лятото."
        )
        decisions = [
            (
                "Предложенията се обобщават и се внасят в общинската администрация.",
                [("Обобщение на предложенията", 14, Action.Status.OPEN)],
            )
        ]
    minutes = services.minutes_save(actor=SYSTEM, event=event, body=body)
    agenda = list(event.agenda_items.order_by("starts_at", "pk"))
    for index, (text, actions) in enumerate(decisions):
        decision = services.decision_add(
            actor=SYSTEM,
            minutes=minutes,
            text=text,
            agenda_item=agenda[min(index + 1, len(agenda) - 1)] if agenda else None,
        )
        for title, days, status in actions:
            owner = (
                {"owner_administration": administration}
                if administration and days % 2 == 0
                else {"owner_organisation": organisation}
            )
            action = services.action_add(
                actor=SYSTEM,
                decision=decision,
                data={
                    "title": title,
                    "deadline": event.starts_at.date() + datetime.timedelta(days=days),
                    **owner,
                },
            )
            if status != Action.Status.OPEN:
                services.action_update(
                    actor=SYSTEM, action=action, status=status, note="Отчетено на срещата."
                )
    if spec["minutes"] == "published":
        minutes = Minutes.objects.get(pk=minutes.pk)
        minutes = services.minutes_circulate(actor=SYSTEM, minutes=minutes)
        minutes = services.minutes_approve(actor=SYSTEM, minutes=minutes)
        services.minutes_publish(actor=SYSTEM, minutes=minutes)
