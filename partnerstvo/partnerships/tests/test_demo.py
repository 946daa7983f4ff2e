"""The demo: agreements in force, ending soon, expired and awaiting confirmation between the demo
CSOs and their municipalities; the council of Долна Митрополия with members, a held meeting with
published minutes and a decision with a done and an open action, and a coming meeting; loading
it twice adds nothing."""

import pytest
from django.utils import timezone

from partnerstvo.accounts import demo as accounts_demo
from partnerstvo.directory import demo as directory_demo
from partnerstvo.partnerships import demo, selectors
from partnerstvo.partnerships.models import Agreement, Council

pytestmark = pytest.mark.django_db


def test_the_demo_has_agreements_and_a_council(reference_data, client):
    directory_demo.load()
    accounts_demo.load()
    demo.load()
    statuses = [agreement.status for agreement in Agreement.objects.all()]
    assert sorted(statuses) == ["active", "active", "draft", "expired"]
    today = timezone.localdate()
    assert any(0 <= (a.ends_on - today).days <= 30 for a in Agreement.objects.with_status("active"))
    council = Council.objects.get(name=demo.COUNCIL)
    assert council.administration.municipality.code == "PVN10"
    assert council.members.count() >= 4
    assert council.members.filter(position="secretary").exists()
    assert council.meetings.count() == 2
    decisions = selectors.council_decisions(council=council, published_only=True)
    statuses = sorted(a.status for d in decisions for a in d.actions.all())
    assert statuses == ["done", "open"]
    assert client.get(council.get_absolute_url()).status_code == 200
    assert client.get("/partnerships/agreements/").status_code == 200
    counts = (Agreement.objects.count(), Council.objects.count())
    demo.load()
    assert (Agreement.objects.count(), Council.objects.count()) == counts
