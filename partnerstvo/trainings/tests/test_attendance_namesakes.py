"""Two participants with the same name can be told apart on the trainer's attendance screen and
on the signature sheet: by their organisation or administration, and where that is the same too,
by a masked e-mail address (never the address itself)."""

import html
import io
import re

import pytest
from pypdf import PdfReader

from conftest import add_member, make_user
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import services


@pytest.fixture
def namesakes(course, iskar, go2000):
    """Three Иван Петров: two at Искър БГ, one at Горна Оряховица 2000; and one Радка."""
    services.course_update(actor=SYSTEM, course=course, data={"capacity": 10})
    people = [
        add_member(make_user("ivan@iskar-bg.org", "Иван", "Петров"), iskar, "member"),
        add_member(make_user("petrov@iskar-bg.org", "Иван", "Петров"), iskar, "member"),
        add_member(make_user("ivan.petrov@go2000.org", "Иван", "Петров"), go2000, "member"),
        add_member(make_user("radka@iskar-bg.org", "Радка", "Иванова"), iskar, "member"),
    ]
    for user in people:
        services.enrolment_create(actor=user, course=course, person=user.person)
    return people


def _rows(body: str) -> dict[str, str]:
    """The text of each row of the attendance screen, by enrolment id."""
    rows = {}
    for pk, inner in re.findall(
        r'<label class="attendance-toggle" for="present-(\d+)">(.*?)</label>', body, re.S
    ):
        rows[pk] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())
    return rows


def test_namesakes_are_told_apart_on_the_attendance_screen(client, course, trainer, namesakes):
    client.force_login(trainer)
    body = client.get(f"/trainings/sessions/{course.sessions.first().pk}/attendance/").content
    rows = _rows(body.decode())
    ivans = [text for text in rows.values() if "Иван Петров" in text]
    assert len(ivans) == 3
    assert len(set(ivans)) == 3, ivans  # no two rows read the same
    assert any("i***@iskar-bg.org" in text for text in ivans)
    assert any("p***@iskar-bg.org" in text for text in ivans)
    # Where the organisation already tells them apart, and for a name no one else has, no
    # e-mail is shown at all; and no full address anywhere.
    (go2000_row,) = [text for text in ivans if "Горна Оряховица" in text]
    assert "@" not in go2000_row
    (radka_row,) = [text for text in rows.values() if "Радка" in text]
    assert "@" not in radka_row
    for user in namesakes:
        assert user.email not in body.decode()


def test_namesakes_are_told_apart_on_the_signature_sheet(client, course, trainer, namesakes):
    client.force_login(trainer)
    response = client.get(f"/trainings/sessions/{course.sessions.first().pk}/signature-sheet.pdf")
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "i***@iskar-bg.org" in text and "p***@iskar-bg.org" in text
    for user in namesakes:
        assert user.email not in text
