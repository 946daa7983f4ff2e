"""Fixtures of the analyses tests: an analysis of Искър БГ about Долна Митрополия, with rows of
every kind, built through the services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerstvo.analyses import services
from partnerstvo.directory.models import AreaOfWork

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="analiz.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def analysis_data(**extra):
    return {
        "title": "Младежка безработица в Долна Митрополия",
        "problem": "Младите хора напускат общината, защото не намират работа.",
        "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 12, 31),
        "methodology": "Анкета сред 120 младежи и интервюта с работодатели.",
        "summary": "Безработицата сред младите е двойно по-висока от средната.",
        **extra,
    }


def rows(n: int = 3) -> dict:
    quadrants = ["strength", "weakness", "opportunity", "threat"]
    return {
        "stakeholders": [
            {"name": f"Работодател {i}", "kind": "business", "influence": "high",
             "interest": "Кадри.", "role": "Наема младежи."}
            for i in range(n)
        ],
        "findings": [
            {"text": f"Находка {i}", "source": "НСИ", "value": 10 + i, "unit": "%",
             "year": 2024}
            for i in range(n)
        ],
        "swot": [{"quadrant": quadrants[i % 4], "text": f"Точка {i}"} for i in range(n)],
        "recommendations": [
            {"text": f"Препоръка {i}", "addressee": "Общината", "priority": "high",
             "timeframe": "short"}
            for i in range(n)
        ],
        "authors": [{"name": f"Автор {i}", "role": "анализатор"} for i in range(n)],
    }  # fmt: skip


def build(
    actor, *, organisation=None, administration=None, municipalities, publish=False, n=3, **extra
):
    data = analysis_data(**extra)
    if organisation is not None:
        data["organisation"] = organisation
    if administration is not None:
        data["administration"] = administration
    data["municipalities"] = municipalities
    data.setdefault("areas", list(AreaOfWork.objects.all()[:1]))
    analysis = services.analysis_create(actor=actor, data=data, rows=rows(n))
    if publish:
        analysis = services.analysis_publish(actor=actor, analysis=analysis)
    return analysis


@pytest.fixture
def area(db):
    return AreaOfWork.objects.get_or_create(
        slug="youth", defaults={"name": "Младежки дейности", "name_en": "Youth"}
    )[0]


@pytest.fixture
def draft(iskar_admin, iskar, dolna_mitropolia, area):
    return build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia])


@pytest.fixture
def published(iskar_admin, iskar, dolna_mitropolia, area):
    return build(
        iskar_admin,
        organisation=iskar,
        municipalities=[dolna_mitropolia],
        publish=True,
        title="Достъп до социални услуги в селата",
    )


@pytest.fixture(autouse=True)
def _english():
    """Messages are read in English (the Bulgarian of new strings is not compiled yet)."""
    from django.utils import translation

    with translation.override("en"):
        yield
