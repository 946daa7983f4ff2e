"""Decisions and follow-up actions in the public API: only those of published minutes, owners
named only when they are organisations or administrations, constant queries."""

import datetime

import pytest
from django.utils import timezone

from partnerstvo.events import services
from partnerstvo.events.tests.meetings import *  # noqa: F403 - the fixtures
from partnerstvo.events.tests.meetings import make_event

pytestmark = pytest.mark.django_db


def _minutes_with_actions(event, actor, *, owners, publish=True):
    minutes = services.minutes_save(actor=actor, event=event, body="Обсъдиха стратегията.")
    decision = services.decision_add(actor=actor, minutes=minutes, text="Да се подготви план.")
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    for index, owner in enumerate(owners):
        services.action_add(
            actor=actor,
            decision=decision,
            data={"title": f"Задача {index + 1}", "deadline": deadline, **owner},
        )
    if publish:
        minutes = services.minutes_circulate(actor=actor, minutes=minutes)
        minutes = services.minutes_approve(actor=actor, minutes=minutes)
        services.minutes_publish(actor=actor, minutes=minutes)
    return decision


def test_only_decisions_and_actions_of_published_minutes_are_public(
    client, event, iskar, iskar_admin, iskar_member, go2000
):
    _minutes_with_actions(
        event,
        iskar_admin,
        owners=[{"owner_organisation": iskar}, {"owner_person": iskar_member.person}],
    )
    draft_event = make_event(organisation=iskar, slug="chernova")
    _minutes_with_actions(
        draft_event, iskar_admin, owners=[{"owner_organisation": iskar}], publish=False
    )

    decisions = client.get("/api/v1/decisions/").json()
    assert decisions["count"] == 1
    decision = decisions["results"][0]
    assert decision["event"] == event.slug and decision["number"] == 1
    assert [a["owner_kind"] for a in decision["actions"]] == ["organisation", "person"]
    assert decision["actions"][0]["owner_name"] == iskar.name
    assert decision["actions"][1]["owner_name"] is None  # a person is not named
    assert iskar_member.person.last_name not in str(decisions)

    actions = client.get("/api/v1/actions/").json()
    assert actions["count"] == 2 and {a["event"] for a in actions["results"]} == {event.slug}
    assert client.get(f"/api/v1/actions/?organisation={iskar.slug}").json()["count"] == 1
    assert client.get(f"/api/v1/actions/?organisation={go2000.slug}").json()["count"] == 0
    assert client.get("/api/v1/actions/?open=true").json()["count"] == 2
    assert client.get("/api/v1/actions/?status=done").json()["count"] == 0
    assert client.get("/api/v1/actions/?status=nonsense").status_code == 400
    assert client.get(f"/api/v1/decisions/?event={draft_event.slug}").json()["count"] == 0


def test_decision_and_action_lists_keep_their_query_count(
    client, event, iskar, iskar_admin, django_assert_max_num_queries
):
    _minutes_with_actions(event, iskar_admin, owners=[{"owner_organisation": iskar}])
    with django_assert_max_num_queries(4) as few:
        client.get("/api/v1/decisions/")
    for number in range(2, 7):
        other = make_event(organisation=iskar, slug=f"sreshta-{number}")
        _minutes_with_actions(other, iskar_admin, owners=[{"owner_organisation": iskar}] * 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/decisions/").json()["count"] == 6
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/actions/").json()["count"] == 16
