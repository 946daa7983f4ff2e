"""Open data: consultations and their proposals in ``/api/v1/``, the author as consented, the
answers once the справка is published; and the CSV files."""

import csv
import io

import pytest

from partnerstvo.consultations import services
from partnerstvo.consultations.models import Section

from .conftest import end

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(ordinance, officer, citizen, iskar_member, iskar):
    section = Section.objects.get(version__consultation=ordinance, heading="Чл. 2.")
    a = services.comment_create(
        actor=iskar_member,
        consultation=ordinance,
        text="От Искър",
        on_behalf_of=iskar,
        section=section,
    )
    b = services.comment_create(actor=citizen, consultation=ordinance, text="Таен гражданин")
    c = services.comment_create(actor=citizen, consultation=ordinance, text="Обидно")
    services.comment_hide(actor=officer, comment=c, reason="Обидни думи")
    end(ordinance)
    for comment in (a, b, c):
        services.comment_answer(actor=officer, comment=comment, answer="accepted", reasons="Да")
    return ordinance


def test_consultations_and_proposals_in_the_api(client, ordinance, citizen, officer):
    services.comment_create(actor=citizen, consultation=ordinance, text="Предложение")
    data = client.get("/api/v1/consultations/").json()
    (row,) = data["results"]
    assert row["slug"] == ordinance.slug
    assert row["status"] == "open"
    assert row["proposals"]["total"] == 1
    assert {d["kind"] for d in row["documents"]} == {"draft", "motives", "impact"}
    assert row["summary_url"] is None
    assert client.get("/api/v1/consultations/?status=closed").json()["count"] == 0
    assert client.get("/api/v1/consultations/?municipality=PVN10").json()["count"] == 1
    (proposal,) = client.get(
        f"/api/v1/consultation-proposals/?consultation={ordinance.slug}"
    ).json()["results"]
    assert proposal["author"] != "Никола Стоянов"
    assert proposal["answer"] is None


def test_answers_appear_with_the_summary_and_hidden_text_never(client, answered, officer):
    def proposals():
        return client.get(f"/api/v1/consultation-proposals/?consultation={answered.slug}").json()[
            "results"
        ]

    assert all(p["answer"] is None for p in proposals())
    services.summary_publish(actor=officer, consultation=answered)
    rows = proposals()
    assert [p["answer"] for p in rows] == ["accepted"] * 3
    by_text = {p["text"]: p for p in rows}
    assert by_text["От Искър"]["author"] == "ССИЗП „Искър БГ“"
    assert by_text["От Искър"]["section"] == "Чл. 2."
    hidden = next(p for p in rows if p["hidden"])
    assert hidden["text"] == "" and hidden["hidden_reason"] == "Обидни думи"
    assert "Обидно" not in str(rows)
    row = client.get(f"/api/v1/consultations/{answered.slug}/").json()
    assert row["status"] == "answered"
    assert row["proposals"]["accepted"] == 3
    assert row["summary_url"].endswith("/spravka.pdf")


def test_csv_files(client, answered, officer):
    services.summary_publish(actor=officer, consultation=answered)
    response = client.get(f"/consultations/{answered.slug}/spravka.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    assert any("ССИЗП „Искър БГ“" in row for row in rows)
    comments = client.get(f"/consultations/{answered.slug}/comments.csv")
    text = comments.content.decode("utf-8-sig")
    assert "Обидни думи" in text and "Обидно\r" not in text
    listing = client.get("/consultations/consultations.csv")
    assert answered.title in listing.content.decode("utf-8-sig")
