"""The demo: baseline and follow-up rounds with improvement, enough assessed CSOs for the
average of peers on Искър БГ's results, an action plan, one published result; the demo CSO
admin sees their results after logging in; loading it twice adds nothing."""

import time

import pytest

from partnerstvo.accounts import demo as accounts_demo
from partnerstvo.accounts.models import User
from partnerstvo.assessments import demo, selectors
from partnerstvo.assessments.models import Action, Round
from partnerstvo.directory import demo as directory_demo

pytestmark = pytest.mark.django_db


def test_the_demo_shows_improvement_peers_and_a_plan(reference_data, client):
    directory_demo.load()
    accounts_demo.load()
    started = time.perf_counter()
    demo.load()
    assert time.perf_counter() - started < 10
    iskar = Round.objects.get(organisation__slug="iskar-bg", title=demo.FOLLOW_UP)
    results = selectors.round_results(round=iskar)
    assert results.previous is not None
    assert sum(1 for row in results.rows if row.change and row.change > 0) >= 3
    assert results.peers_shown and results.peer_count >= 5
    assert Action.objects.filter(round=iskar).count() == 3
    assert set(Action.objects.values_list("status", flat=True)) == {
        "planned",
        "in_progress",
        "done",
    }
    assert Round.objects.filter(is_published=True).count() == 1
    units = Round.objects.filter(kind="unit", title=demo.FOLLOW_UP)
    assert units.count() == 2
    assert selectors.round_results(round=units.first()).previous is not None
    admin = User.objects.get(email="admin@iskar-bg.org")
    client.force_login(admin)
    assert f'data-round="{iskar.pk}"' in client.get("/en/assessments/").content.decode()
    response = client.get(iskar.get_results_url())
    assert response.status_code == 200 and "Average of" in response.content.decode()
    counts = (Round.objects.count(), Action.objects.count())
    demo.load()
    assert (Round.objects.count(), Action.objects.count()) == counts
