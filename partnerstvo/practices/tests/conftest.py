"""Fixtures of the practices tests: practices of ССИЗП „Искър БГ“ built through the services."""

import decimal

import pytest

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services as directory
from partnerstvo.directory.models import AreaOfWork
from partnerstvo.practices import services
from partnerstvo.practices.models import PracticeResult


def practice_data(organisation, municipality, **overrides):
    data = {
        "organisation": organisation,
        "title": "Граждански бюджет в Долна Митрополия",
        "summary": "Жителите избират проектите за своето село.",
        "problem": "Жителите не участваха в обсъжданията на бюджета.",
        "approach": "Идеи онлайн и в читалищата, гласуване за две седмици.",
        "results": "Шест проекта са изпълнени.",
        "contact_name": "Иван Цветков",
        "contact_email": "kontakt@iskar.example.bg",
        "municipalities": [municipality],
    }
    data.update(overrides)
    return data


def build_practice(*, organisation, municipality, actor=SYSTEM, status="draft", **overrides):
    practice = services.practice_create(
        actor=actor, data=practice_data(organisation, municipality, **overrides)
    )
    services.result_save(
        actor=SYSTEM,
        result=PracticeResult(),
        data={
            "practice": practice,
            "indicator": "гласували жители",
            "value": decimal.Decimal("2140"),
            "unit": "души",
        },
    )
    if status in ("submitted", "published", "changes_requested", "rejected"):
        practice = services.practice_submit(actor=SYSTEM, practice=practice)
    if status == "published":
        practice = services.practice_publish(actor=SYSTEM, practice=practice)
    elif status == "changes_requested":
        practice = services.practice_request_changes(
            actor=SYSTEM, practice=practice, note="Добавете цената."
        )
    elif status == "rejected":
        practice = services.practice_reject(actor=SYSTEM, practice=practice, reason="Не е ясно.")
    return practice


@pytest.fixture
def theme(reference_data):
    return directory.area_of_work_save(
        actor=SYSTEM,
        area=AreaOfWork(),
        data={"name": "Гражданско участие", "name_en": "Civic participation"},
    )


@pytest.fixture
def draft(iskar, dolna_mitropolia):
    return build_practice(organisation=iskar, municipality=dolna_mitropolia)


@pytest.fixture
def published(iskar, dolna_mitropolia, theme):
    return build_practice(
        organisation=iskar,
        municipality=dolna_mitropolia,
        status="published",
        title="Общностен център за деца",
        themes=[theme],
    )
