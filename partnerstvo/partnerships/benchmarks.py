"""Partnerships at scale: 5,000 (small) or 50,000 (full) confirmed agreements between the scale
organisations and administrations, and a council with 40 members and 24 held meetings with
decisions; the register (first page, a later page, filters), its CSV, the API and the council's
page and annual report over HTTP."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from partnerstvo.core.bench import app_server, count_queries, sequential, timing_from
from partnerstvo.directory.benchmarks import build as build_directory
from partnerstvo.directory.models import Administration, Municipality, Organisation, Person
from partnerstvo.events.models import Action, Decision, Event, EventOrganiser, Minutes

from .models import Agreement, AgreementParty, Council, CouncilMeeting, CouncilMember

SIZES = {"small": 5_000, "full": 50_000}
COUNCIL_SLUG = "bench-council"


@transaction.atomic
def build(size: int) -> None:
    """Bulk-build the scale data (not through services: audit rows are not what is measured)."""
    build_directory(1_000)
    rng = random.Random(2026)  # noqa: S311 - repeatable data, not security
    existing = Agreement.objects.filter(title__startswith="Бенчмарк споразумение").count()
    organisations = list(
        Organisation.objects.filter(slug__startswith="bench-").only("pk", "seat_id")[:1000]
    )
    municipalities = list(Municipality.objects.only("pk"))
    administrations = list(Administration.objects.only("pk", "municipality_id"))
    if not administrations:
        for municipality in municipalities[:50]:
            administrations.append(
                Administration.objects.create(
                    municipality=municipality, name=f"Общинска администрация {municipality.pk}"
                )
            )
    now = timezone.now()
    today = timezone.localdate()
    if existing < size:
        rows = []
        for n in range(existing, size):
            start = today - datetime.timedelta(days=rng.randint(0, 1500))
            rows.append(
                Agreement(
                    kind=rng.choice(Agreement.Kind.values),
                    title=f"Бенчмарк споразумение {n}",
                    subject="Споразумение от мащабните данни за измерване.",
                    starts_on=start,
                    ends_on=start + datetime.timedelta(days=rng.randint(30, 2000)),
                    confirmed_at=now,
                )
            )
        agreements = Agreement.objects.bulk_create(rows, batch_size=1000)
        parties = []
        for agreement in agreements:
            organisation = rng.choice(organisations)
            administration = rng.choice(administrations)
            parties.append(
                AgreementParty(
                    agreement=agreement,
                    organisation=organisation,
                    municipality_id=organisation.seat_id,
                    obligations="Задължения.",
                    confirmed_at=now,
                    order=0,
                )
            )
            parties.append(
                AgreementParty(
                    agreement=agreement,
                    administration=administration,
                    municipality_id=administration.municipality_id,
                    obligations="Задължения.",
                    confirmed_at=now,
                    order=1,
                )
            )
        AgreementParty.objects.bulk_create(parties, batch_size=2000)
    if not Council.objects.filter(slug=COUNCIL_SLUG).exists():
        _council(administrations[0], organisations, now)


def _council(administration, organisations, now) -> None:
    council = Council.objects.create(
        name="Бенчмарк съвет",
        slug=COUNCIL_SLUG,
        administration=administration,
        legal_basis="Решение на общинския съвет",
        purpose="Съвет от мащабните данни.",
    )
    people = Person.objects.bulk_create(
        [Person(first_name="Член", last_name=f"№ {n}", email="") for n in range(40)]
    )
    CouncilMember.objects.bulk_create(
        [
            CouncilMember(
                council=council,
                person=person,
                position="member" if n else "secretary",
                organisation=organisations[n % len(organisations)] if n % 2 else None,
            )
            for n, person in enumerate(people)
        ]
    )
    for n in range(24):
        start = now - datetime.timedelta(days=15 * (n + 1))
        event = Event.objects.create(
            title=f"Заседание {n}",
            slug=f"bench-council-meeting-{n}",
            kind=Event.Kind.WORKING_MEETING,
            municipality_id=administration.municipality_id,
            venue="Зала",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            status=Event.Status.PUBLISHED,
            registration=Event.Registration.INVITATION,
        )
        EventOrganiser.objects.create(event=event, administration=administration)
        CouncilMeeting.objects.create(council=council, event=event)
        minutes = Minutes.objects.create(
            event=event, body="Протокол.", status=Minutes.Status.PUBLISHED, published_at=now
        )
        for number in range(1, 4):
            decision = Decision.objects.create(
                minutes=minutes, event=event, number=number, text=f"Решение {number}."
            )
            Action.objects.bulk_create(
                [
                    Action(
                        decision=decision,
                        title=f"Задача {k}",
                        owner_administration=administration,
                        deadline=now.date(),
                        status="done" if k else "open",
                    )
                    for k in range(2)
                ]
            )


def run(*, report, scale: str, quick: bool = False) -> None:
    build(SIZES[scale])
    report.fact("partnerships.agreements", Agreement.objects.count())
    municipality = (
        AgreementParty.objects.order_by("municipality_id").values_list(
            "municipality__slug", flat=True
        )
    ).first()
    year = timezone.localdate().year
    pages = {
        "register, first page": "/partnerships/agreements/",
        "register, page 100": "/partnerships/agreements/?page=100",
        "register, municipality + status": (
            f"/partnerships/agreements/?municipality={municipality}&status=active"
        ),
        "register, search": "/partnerships/agreements/?q=споразумение+77",
        "API agreements, page 10": "/api/v1/agreements/?page=10",
        "council page (40 members, 24 meetings)": f"/partnerships/councils/{COUNCIL_SLUG}/",
        "council annual report": f"/partnerships/councils/{COUNCIL_SLUG}/report/{year}/",
    }
    requests = 10 if quick else 50
    with app_server() as server:
        for name, url in pages.items():
            queries = count_queries(url)
            latencies, cpu_ms = sequential(server, url, requests=requests)
            report.add(
                timing_from(
                    f"partnerships: {name} (HTTP)", latencies, cpu_ms=cpu_ms, queries=queries
                )
            )
