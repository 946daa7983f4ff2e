"""Strategies in the public API: published ones with their tree, measures with indicators and
their values; unpublished strategies are never part of it."""

from decimal import Decimal

import pytest

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.strategies import services

from .conftest import add_measure, build_strategy

pytestmark = pytest.mark.django_db


def test_the_api_lists_published_strategies_with_their_tree(client, strategy, measure, indicator):
    services.indicator_value_record(actor=SYSTEM, indicator=indicator, year=2023, value=Decimal(50))
    listing = client.get("/api/v1/strategies/").json()
    assert [s["slug"] for s in listing["results"]] == [strategy.slug]
    assert listing["results"][0]["progress"] == "40.0"
    detail = client.get(f"/api/v1/strategies/{strategy.slug}/").json()
    assert detail["decision_number"] == "245"
    assert detail["municipalities"] == [strategy.administration.municipality.slug]
    [priority] = detail["priorities"]
    [goal] = priority["goals"]
    [row] = goal["measures"]
    assert row["code"] == "М1.1.1" and row["progress"] == 40 and row["budget"] == "150000.00"
    assert row["partners"] == [
        {"kind": "organisation", "name": "ССИЗП „Искър БГ“", "slug": measure.partners.get()
         .organisation.slug, "is_lead": True}
    ]  # fmt: skip
    assert row["indicators"][0]["values"] == [{"year": 2023, "value": "50.00", "note": ""}]
    assert row["indicators"][0]["achievement"] == "25.0"
    measures = client.get(f"/api/v1/strategy-measures/?strategy={strategy.slug}").json()
    assert [m["code"] for m in measures["results"]] == ["М1.1.1"]
    assert client.get(f"/api/v1/strategy-measures/{measure.pk}/").status_code == 200


def test_unpublished_strategies_are_never_in_the_api(client, administration, goal):
    draft = build_strategy(administration, published=False, title="Чернова")
    services.priority_save(actor=SYSTEM, strategy=draft, data={"code": "П1", "title": "Х"})
    priority = draft.priorities.get()
    hidden_goal = services.goal_save(
        actor=SYSTEM, priority=priority, data={"code": "Ц", "title": "Х"}
    )
    hidden = add_measure(hidden_goal, code="Скрита")
    assert draft.slug not in client.get("/api/v1/strategies/").content.decode()
    assert client.get(f"/api/v1/strategies/{draft.slug}/").status_code == 404
    assert client.get(f"/api/v1/strategy-measures/{hidden.pk}/").status_code == 404
    assert "Скрита" not in client.get("/api/v1/strategy-measures/").content.decode()
    assert client.get("/api/v1/strategies/?status=nope").status_code == 400
    assert client.get("/api/v1/strategy-measures/abc/").status_code == 404
