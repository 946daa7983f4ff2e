"""The demo: an open ordinance, a closed strategy being answered and an answered ordinance with
its справка, with comments from CSOs and citizens; loading it twice changes nothing."""

import pytest

from partnerstvo.accounts import demo as accounts_demo
from partnerstvo.consultations import demo
from partnerstvo.consultations.models import Comment, Consultation
from partnerstvo.directory import demo as directory_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_open_closed_and_answered_consultations(reference_data, client):
    directory_demo.load()
    accounts_demo.load()
    demo.load()
    statuses = {c.kind + ":" + c.status for c in Consultation.objects.all()}
    assert statuses == {"ordinance:open", "strategy:closed", "ordinance:answered"}
    assert Comment.objects.filter(on_behalf_of__isnull=False).exists()
    assert Comment.objects.filter(on_behalf_of__isnull=True).exists()
    answered = next(c for c in Consultation.objects.all() if c.status == "answered")
    assert not answered.comments.filter(answer="").exists()
    assert client.get(f"/consultations/{answered.slug}/spravka.pdf").status_code == 200
    for consultation in Consultation.objects.all():
        assert client.get(consultation.get_absolute_url()).status_code == 200
    demo.load()
    assert Consultation.objects.count() == 3
