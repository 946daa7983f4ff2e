import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import add_member, make_user
from partnerstvo.consultations import services
from partnerstvo.consultations.models import Consultation

DRAFT_TEXT = """Наредба за изменение на Наредбата за обществения ред
Чл. 1. Наредбата урежда поддържането на обществения ред на територията на общината.
Чл. 2. Забранява се паркирането в зелените площи.
Нарушителите се наказват с глоба от 50 до 500 евро.
Чл. 3. Контролът се осъществява от кмета на общината."""


def pdf(name="document.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def documents(kind="ordinance"):
    files = {"draft": pdf("proekt.pdf"), "motives": pdf("motivi.pdf")}
    if kind == "ordinance":
        files["impact"] = pdf("ocenka.pdf")
    return files


def consultation_data(administration, *, days=30, start=None, kind="ordinance", **extra):
    start = start or timezone.localdate()
    return {
        "administration": administration,
        "title": "Наредба за обществения ред",
        "kind": kind,
        "summary": "Промени в реда за паркиране.",
        "responsible_name": "Красимир Пенев",
        "responsible_email": "sluzhitel@dm.example.bg",
        "responsible_phone": "",
        "target_groups": "Жители на общината",
        "areas": [],
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=days),
        "short_period_reason": "",
        **extra,
    }


def publish(officer, administration, **kwargs):
    kind = kwargs.get("kind", "ordinance")
    return services.consultation_create(
        actor=officer,
        data=consultation_data(administration, **kwargs),
        documents=documents(kind),
        text=DRAFT_TEXT,
    )


def end(consultation: Consultation) -> Consultation:
    """Move the period into the past, as if its days had passed."""
    today = timezone.localdate()
    length = consultation.ends_on - consultation.starts_on
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=today - length - datetime.timedelta(days=1),
        ends_on=today - datetime.timedelta(days=1),
    )
    consultation.refresh_from_db()
    return consultation


@pytest.fixture
def ordinance(officer, administration):
    return publish(officer, administration)


@pytest.fixture
def citizen(db):
    return make_user("grazhdanin@example.bg", "Никола", "Стоянов")


@pytest.fixture
def go2000_member(go2000):
    return add_member(make_user("chlen@go2000.example.bg", "Рая", "Колева"), go2000, "member")


@pytest.fixture
def chromium(_playwright_browser):
    return _playwright_browser
