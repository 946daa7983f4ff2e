"""Demo partnerships: agreements between the demo CSOs and their municipalities (one in force,
one ending soon, one expired, one awaiting the municipality's confirmation) and the coordination
council of Долна Митрополия with its members and two meetings (a past one with approved and
published minutes, a decision with a done and an open action; a coming one). Built through the
services as SYSTEM after the events demo; idempotent (what exists by title or name is left
alone). A meeting that took place is built as a coming one (its members are registered through
the events' services), then moved back in time, as the events demo does."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import (
    Administration,
    AdministrationMembership,
    Organisation,
    OrganisationMembership,
)
from partnerstvo.events import services as events
from partnerstvo.events.models import Action, Event, Registration

from . import services
from .models import Agreement, Council, CouncilMember

COUNCIL = "Обществен съвет за сътрудничество с гражданските организации – Долна Митрополия"


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


AGREEMENTS = [
    {
        "title": "Споразумение за партньорство за социално включване на младите хора",
        "kind": Agreement.Kind.PARTNERSHIP,
        "subject": "Съвместни дейности за младежка заетост и доброволчество в общината: "
        "информационни дни, обучения и общи проектни предложения.",
        "starts": -300,
        "ends": 430,
        "parties": [
            ("o", "iskar-bg", "Организира обученията и доброволческите инициативи."),
            ("a", "PVN10", "Осигурява зали и информира младежите чрез общинските канали."),
        ],
    },
    {
        "title": "Договор за сътрудничество по общинската програма за младежта",
        "kind": Agreement.Kind.COOPERATION,
        "subject": "Сътрудничество при изпълнението на общинската програма за младежта.",
        "starts": -345,
        "ends": 20,
        "parties": [
            ("o", "gorna-oryahovitsa-2000", "Провежда консултациите с младежките организации."),
            ("a", "VTR06", "Отчита изпълнението на програмата пред общинския съвет."),
        ],
    },
    {
        "title": "Меморандум за разбирателство за гражданско участие в бюджета",
        "kind": Agreement.Kind.MEMORANDUM,
        "subject": "Общи принципи за участие на гражданските организации в обсъждането на "
        "общинския бюджет.",
        "starts": -760,
        "ends": -60,
        "parties": [
            ("o", "iskar-bg", "Събира предложенията на организациите."),
            ("o", "gorna-oryahovitsa-2000", "Споделя опита си от Горна Оряховица."),
            ("a", "PVN10", "Отговаря писмено на всяко предложение."),
        ],
    },
    {
        "title": "Меморандум за съвместни обучения на общински служители",
        "kind": Agreement.Kind.MEMORANDUM,
        "subject": "Обучения на общинските служители по работа с гражданските организации.",
        "starts": 10,
        "ends": 375,
        "parties": [
            ("o", "iskar-bg", "Подготвя и провежда обученията."),
            ("a", "VTR06", "Осигурява участието на служителите."),
        ],
        "draft": True,
    },
]


def load() -> list[tuple[str, str, str]]:
    for spec in AGREEMENTS:
        if not Agreement.objects.filter(title=spec["title"]).exists():
            _agreement(spec)
    if not Council.objects.filter(name=COUNCIL).exists():
        _council()
    return []


def _party(kind: str, key: str) -> dict | None:
    if kind == "o":
        organisation = Organisation.objects.filter(slug=key).first()
        return {"organisation": organisation} if organisation else None
    administration = Administration.objects.filter(municipality__code=key).first()
    return {"administration": administration} if administration else None


def _agreement(spec: dict) -> None:
    parties = []
    for kind, key, obligations in spec["parties"]:
        party = _party(kind, key)
        if party is None:
            return
        parties.append({**party, "obligations": obligations})
    agreement = services.agreement_propose(
        actor=SYSTEM,
        data={
            "kind": spec["kind"],
            "title": spec["title"],
            "subject": spec["subject"],
            "starts_on": _days(spec["starts"]),
            "ends_on": _days(spec["ends"]),
        },
        parties=parties,
    )
    if spec.get("draft"):
        return
    for party in agreement.parties.filter(confirmed_at__isnull=True):
        services.agreement_confirm(actor=SYSTEM, agreement=agreement, party=party)


def _council() -> None:
    administration = Administration.objects.filter(municipality__code="PVN10").first()
    if administration is None:
        return
    council = services.council_create(
        actor=SYSTEM,
        data={
            "kind": Council.Kind.COUNCIL,
            "name": COUNCIL,
            "administration": administration,
            "legal_basis": "Решение на Общински съвет – Долна Митрополия",
            "basis_number": "412",
            "basis_date": _days(-400),
            "purpose": "Постоянен диалог между общината и гражданските организации: "
            "приоритети, бюджет, общински програми и партньорски проекти.",
            "decision_making": "Съветът приема становища и препоръки с обикновено мнозинство "
            "при кворум повече от половината членове. Решенията се изпращат на кмета и на "
            "общинския съвет.",
            "visibility": Council.Visibility.TRANSPARENT,
        },
    )
    officer = (
        AdministrationMembership.objects.filter(administration=administration, role="officer")
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if officer is not None:
        services.council_member_add(
            actor=SYSTEM,
            council=council,
            data={
                "person": officer.person,
                "position": CouncilMember.Position.SECRETARY,
                "administration": administration,
                "starts_on": _days(-390),
            },
        )
    positions = [CouncilMember.Position.CHAIR, CouncilMember.Position.DEPUTY_CHAIR]
    seated = {officer.person_id} if officer else set()
    memberships = (
        OrganisationMembership.objects.filter(role__in=["admin", "member", "editor"])
        .exclude(person__email="")
        .select_related("person", "organisation")
        .order_by("-role", "organisation__name", "person__last_name", "pk")
    )
    for membership in memberships:
        if membership.person_id in seated:
            continue
        seated.add(membership.person_id)
        services.council_member_add(
            actor=SYSTEM,
            council=council,
            data={
                "person": membership.person,
                "position": positions.pop(0) if positions else CouncilMember.Position.MEMBER,
                "organisation": membership.organisation,
                "starts_on": _days(-390),
            },
        )
        if len(seated) >= 7:
            break
    _meeting(council, administration, days=-35, title="Първо заседание на обществения съвет")
    services.council_meeting_create(
        actor=SYSTEM,
        council=council,
        data=_meeting_data("Второ заседание: проектобюджет 2027", days=14),
    )


def _meeting_data(title: str, *, days: int) -> dict:
    start = timezone.make_aware(datetime.datetime.combine(_days(days), datetime.time(14)))
    return {
        "title": title,
        "summary": "Заседание на обществения съвет на Община Долна Митрополия.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "venue": "Заседателна зала на общинската администрация, Долна Митрополия",
    }


def _meeting(council: Council, administration, *, days: int, title: str) -> None:
    # Built as coming (its members are registered), then moved back to when it took place.
    meeting = services.council_meeting_create(
        actor=SYSTEM, council=council, data=_meeting_data(title, days=7)
    )
    event = meeting.event
    shift = datetime.timedelta(days=7 - days)
    Event.objects.filter(pk=event.pk).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    event.refresh_from_db()
    registrations = list(event.registrations.order_by("pk"))
    for index, registration in enumerate(registrations):
        attendance = "present" if index < len(registrations) - 1 else "excused"
        Registration.objects.filter(pk=registration.pk).update(attendance=attendance)
    minutes = events.minutes_save(
        actor=SYSTEM,
        event=event,
        body="Съветът прие правилата си за работа и обсъди приоритетите за годината.\n\n"
        "Представителите на организациите предложиха общ календар на обществените обсъждания.",
    )
    first = events.decision_add(
        actor=SYSTEM, minutes=minutes, text="Приема правилата за работа на съвета."
    )
    second = events.decision_add(
        actor=SYSTEM,
        minutes=minutes,
        text="Предлага на кмета общ календар на обществените обсъждания за годината.",
    )
    done = events.action_add(
        actor=SYSTEM,
        decision=first,
        data={
            "title": "Публикува правилата на страницата на общината",
            "deadline": _days(days + 10),
            "owner_administration": administration,
        },
    )
    events.action_update(actor=SYSTEM, action=done, status=Action.Status.DONE)
    iskar = Organisation.objects.filter(slug="iskar-bg").first()
    events.action_add(
        actor=SYSTEM,
        decision=second,
        data={
            "title": "Подготвя проект на календар на обсъжданията",
            "deadline": _days(20),
            **(
                {"owner_organisation": iskar} if iskar else {"owner_administration": administration}
            ),
        },
    )
    minutes = events.minutes_circulate(actor=SYSTEM, minutes=minutes)
    minutes = events.minutes_approve(actor=SYSTEM, minutes=minutes)
    events.minutes_publish(actor=SYSTEM, minutes=minutes)
