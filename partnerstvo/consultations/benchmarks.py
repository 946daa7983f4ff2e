"""Consultations at scale: a consultation's page with 1,000 proposals (the first page and a later
one) and the справка of 1,000 answered proposals as HTML and as PDF, timed over HTTP against
gunicorn with the bench settings (see core.bench). The PDF of so big a справка is a background
job (``SummaryPdf``): its run is timed in process, and the file it leaves served over HTTP.

The scale data is bulk-built once (not through the services: audit rows and e-mails are not what
is measured)."""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from partnerstvo.core.bench import Target, app_server, count_queries, sequential, timing_from
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import Administration, Municipality, Organisation
from partnerstvo.directory.services import administration_save, reference_data_load

from . import selectors
from .models import Comment, Consultation, DraftVersion, Section, SummaryPdf
from .tasks import summary_pdf_build

SIZES = {"small": 1_000, "full": 1_000}
PREFIX = "bench-consultation"


def _administration() -> Administration:
    administration = Administration.objects.order_by("pk").first()
    if administration is None:
        municipality = Municipality.objects.order_by("pk").first()
        administration = administration_save(
            actor=SYSTEM,
            administration=Administration(),
            data={"municipality": municipality, "name": f"Общинска администрация {municipality}"},
        )
    return administration


def _consultation(slug: str, *, ended: bool, comments: int) -> Consultation:
    today = timezone.localdate()
    consultation = Consultation.objects.filter(slug=slug).first()
    if consultation is None:
        starts_on = today - datetime.timedelta(days=40 if ended else 5)
        consultation = Consultation.objects.create(
            administration=_administration(),
            slug=slug,
            title=f"Наредба за обществения ред ({slug})",
            kind=Consultation.Kind.ORDINANCE,
            summary="Проект за измерване.",
            responsible_name="Служител",
            responsible_email="sluzhitel@bench.invalid",
            target_groups="Жители",
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=30),
            summary_published_at=timezone.now() if ended else None,
        )
        version = DraftVersion.objects.create(consultation=consultation, number=1)
        Section.objects.bulk_create(
            Section(
                version=version,
                order=n,
                heading=f"Чл. {n}.",
                text=f"Текст на член {n} от проекта на наредбата за измерване.",
            )
            for n in range(1, 41)
        )
    sections = list(Section.objects.filter(version__consultation=consultation))
    organisations = list(Organisation.objects.order_by("pk")[:20])
    have = consultation.comments.count()
    Comment.objects.bulk_create(
        [
            Comment(
                consultation=consultation,
                section=sections[n % len(sections)] if n % 5 else None,
                text=f"Предложение № {n}: да се промени текстът на члена, за да бъде по-ясен "
                "за гражданите и организациите.",
                author_name=f"Гражданин {n}",
                show_name=bool(n % 3),
                on_behalf_of=organisations[n % len(organisations)]
                if organisations and n % 4 == 0
                else None,
                answer=(["accepted", "partly", "not_accepted"][n % 3] if ended else ""),
                answer_reasons="Мотиви на администрацията за отговора." if ended else "",
                answered_at=timezone.now() if ended else None,
            )
            for n in range(have, comments)
        ],
        batch_size=1000,
    )
    return consultation


@transaction.atomic
def build(comments: int) -> tuple[Consultation, Consultation]:
    reference_data_load()
    return (
        _consultation(f"{PREFIX}-open", ended=False, comments=comments),
        _consultation(f"{PREFIX}-answered", ended=True, comments=comments),
    )


def run(*, report, scale: str, quick: bool = False) -> None:
    comments = SIZES[scale]
    started = time.perf_counter()
    page, answered = build(comments)
    report.fact("consultations.build_seconds", round(time.perf_counter() - started, 1))
    report.fact("consultations.proposals per consultation", comments)
    base = page.get_absolute_url()
    summary = answered.get_absolute_url()
    targets = {
        f"consultation page ({comments} proposals)": (base, 300),
        f"consultation page ({comments} proposals), page 15": (f"{base}?page=15", 300),
        f"справка HTML ({comments} answered proposals)": (f"{summary}spravka/", 1000),
        f"справка PDF, the job's file ({comments} answered proposals)": (
            f"{summary}spravka.pdf",
            100,
        ),
    }
    # The job a reader's first request starts, run here as a worker runs it (the request itself
    # only finds the content's key and enqueues); every request after it is served its file.
    with translation.override(settings.LANGUAGE_CODE):
        key, _total = selectors.summary_pdf_content(answered)
        job = SummaryPdf.objects.create(
            consultation=answered, content_key=key, language=settings.LANGUAGE_CODE
        )
        begin = time.perf_counter()
        built = summary_pdf_build(job.pk)
        run_ms = (time.perf_counter() - begin) * 1000
    if built is None or not built.is_ready:
        raise AssertionError(f"the справка PDF job failed: {job.error or 'not run'}")
    # Older files of the same content are left to the daily prune, like every job's.
    report.add(
        timing_from(
            f"consultations: справка PDF job run ({comments} answered proposals, in process)",
            [run_ms],
        )
    )
    report.target(Target("consultations справка PDF job run", round(run_ms), 30000, "ms"))
    queries = {name: count_queries(path) for name, (path, _target) in targets.items()}
    requests = 5 if quick else 20
    with app_server(threads=1) as server:
        for name, (path, target_ms) in targets.items():
            latencies, cpu_ms = sequential(server, path, requests=requests, warmup=3)
            timing = report.add(
                timing_from(
                    f"consultations: {name}", latencies, cpu_ms=cpu_ms, queries=queries[name]
                )
            )
            report.target(
                Target(f"consultations {name}: p50", round(timing.p50_ms, 1), target_ms, "ms")
            )
