"""Place names in one script: Bulgarian as typed, English in Latin letters only."""

import datetime

import pytest
from django.utils import timezone, translation

from partnerstvo.trainings.models import Session


@pytest.fixture
def lovech(reference_data):
    from partnerstvo.directory.models import Municipality

    return Municipality.objects.get(name="Ловеч")


def _session(municipality, venue):
    start = timezone.now() + datetime.timedelta(days=3)
    return Session(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        municipality=municipality,
        venue=venue,
    )


def test_in_english_a_place_is_written_in_latin_letters_only(lovech):
    session = _session(lovech, "Общински младежки дом, Ловеч")
    with translation.override("en"):
        assert session.place == "Obshtinski mladezhki dom, Lovech"
    with translation.override("bg"):
        assert session.place == "Общински младежки дом, Ловеч"


def test_the_municipality_is_added_when_the_venue_does_not_name_it(lovech):
    session = _session(lovech, "Заседателна зала")
    with translation.override("en"):
        assert session.place == "Zasedatelna zala, Lovech"
    with translation.override("bg"):
        assert session.place == "Заседателна зала, Ловеч"


def test_the_public_calendar_in_english_mixes_no_scripts(client, course):
    import re

    session = course.sessions.select_related("municipality").first()
    body = client.get("/en" + course.get_absolute_url()).content.decode()
    with translation.override("en"):
        place = session.place
    assert place in body
    assert not re.search(r"[А-Яа-я]", place)
