"""The demo: the integrated development plan of Долна Митрополия, published, with three
priorities, twelve measures in progress with partners, indicators with values for 2021–2025 and
milestones some reached; its page answers; loading it twice adds nothing."""

import pytest

from partnerstvo.accounts import demo as accounts_demo
from partnerstvo.directory import demo as directory_demo
from partnerstvo.strategies import demo, selectors
from partnerstvo.strategies.models import IndicatorValue, Measure, Milestone, Strategy

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_strategy_in_progress(reference_data, client):
    directory_demo.load()
    accounts_demo.load()
    demo.load()
    strategy = Strategy.objects.get(title=demo.TITLE)
    assert strategy.is_published and strategy.administration.municipality.code == "PVN10"
    assert strategy.priorities.count() == 3
    assert Measure.objects.filter(strategy=strategy).count() == 12
    assert Measure.objects.filter(strategy=strategy, status="in_progress").count() >= 5
    assert Measure.objects.filter(strategy=strategy, partners__organisation__isnull=False).exists()
    years = set(IndicatorValue.objects.values_list("year", flat=True))
    assert years == {2021, 2022, 2023, 2024, 2025}
    assert Milestone.objects.filter(reached_on__isnull=False).count() >= 3
    assert Milestone.objects.filter(reached_on__isnull=True).exists()
    page = selectors.strategy_page(strategy=strategy)
    assert 0 < page.progress < 100
    assert client.get(strategy.get_absolute_url()).status_code == 200
    counts = (Strategy.objects.count(), Measure.objects.count())
    demo.load()
    assert (Strategy.objects.count(), Measure.objects.count()) == counts
