"""The public pages: the list with its filters, a strategy's page with its tree, a measure's
page; the same number of queries at 5 and 500 measures; drafts only for editors; partners'
forms over HTTP; bad addresses and parameters answer 404 or 400, never 500."""

import datetime
import re
from decimal import Decimal

import pytest

from conftest import make_user
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.strategies import benchmarks, services
from partnerstvo.strategies.models import IndicatorValue, Measure

from .conftest import add_measure, build_strategy

pytestmark = pytest.mark.django_db


def en(url: str) -> str:
    """The English address of ``url`` (reversed in whatever language is active)."""
    return url if url.startswith("/en/") else f"/en{url}"


def test_the_list_shows_published_strategies_and_filters(
    client, strategy, administration, dolna_mitropolia, gorna_oryahovitsa
):
    draft = build_strategy(administration, published=False, title="Чернова")
    page = client.get("/en/strategies/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-strategy="{strategy.slug}"' in html
    assert f'data-strategy="{draft.slug}"' not in html
    here = client.get(f"/en/strategies/?municipality={dolna_mitropolia.slug}")
    assert f'data-strategy="{strategy.slug}"' in here.content.decode()
    there = client.get(f"/en/strategies/?municipality={gorna_oryahovitsa.slug}")
    assert f'data-strategy="{strategy.slug}"' not in there.content.decode()
    completed = client.get("/en/strategies/?status=completed")
    assert f'data-strategy="{strategy.slug}"' not in completed.content.decode()
    for bad in ("?municipality=nowhere", "?status=xyz", "?page=abc", "?page=999"):
        assert client.get(f"/en/strategies/{bad}").status_code == 200


def test_the_strategy_page_shows_the_tree_progress_partners_indicators_and_milestones(
    client, strategy, measure, indicator, milestone, iskar
):
    services.indicator_value_record(actor=SYSTEM, indicator=indicator, year=2023, value=Decimal(50))
    page = client.get(en(strategy.get_absolute_url()))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-measure="{measure.pk}"' in html
    assert iskar.name in html and "(lead)" in html
    assert "<progress" in html and "40%" in html  # the percentage is written out
    assert f'data-indicator="{indicator.pk}"' in html and "25%" in html
    assert f'data-milestone="{milestone.pk}"' in html
    assert "150,000.00 BGN" in html
    assert "decision № 245" in html
    measure_page = client.get(en(measure.get_absolute_url()))
    assert measure_page.status_code == 200
    assert "progress-form" not in measure_page.content.decode()  # anonymous: no forms


def _strategy_with(administration, n, slug):
    return benchmarks.build(n, slug=slug, administration=administration)


def test_the_strategy_page_costs_the_same_queries_at_5_and_500_measures(
    client, administration, django_assert_num_queries
):
    small = _strategy_with(administration, 5, "small")
    large = _strategy_with(administration, 500, "large")
    assert large.measures.count() == 500
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for strategy in (small, large):
        client.get(strategy.get_absolute_url())  # warm caches (site, translations)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(strategy.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(large.get_absolute_url())
    # 500 measures are shown 50 at a time, under their goals; every priority and goal is listed
    first = client.get(large.get_absolute_url()).content.decode()
    assert first.count("data-measure=") == 50
    assert first.count("data-priority=") == 5
    with django_assert_num_queries(counts[0]):
        last = client.get(f"{large.get_absolute_url()}?page=10").content.decode()
    assert last.count("data-measure=") == 50
    assert set(re.findall(r'data-measure="(\d+)"', first)).isdisjoint(
        re.findall(r'data-measure="(\d+)"', last)
    )
    for bad in ("abc", "0", "9999"):
        assert client.get(f"{large.get_absolute_url()}?page={bad}").status_code == 200
    api = []
    for strategy in (small, large):
        client.get(f"/api/v1/strategies/{strategy.slug}/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/strategies/{strategy.slug}/").status_code == 200
        api.append(len(queries))
    assert api[0] == api[1]
    lists = []
    for _strategy in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/strategies/").status_code == 200
        lists.append(len(queries))
    assert lists[0] == lists[1]


def test_drafts_are_404_for_visitors_and_other_organisations(
    client, administration, officer, coordinator, iskar_admin
):
    draft = build_strategy(administration, published=False)
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(iskar_admin)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}report.xlsx?year=2023").status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 200
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_a_partner_reports_through_the_measure_page(
    client, iskar_member, measure, indicator, milestone
):
    client.force_login(iskar_member)
    url = measure.get_absolute_url()
    assert "progress-form" in client.get(url).content.decode()
    response = client.post(f"{url}progress/", {"status": "in_progress", "progress": "65"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.progress == 65
    bad = client.post(en(f"{url}progress/"), {"status": "in_progress", "progress": "150"})
    assert bad.status_code == 400
    assert "from 0 to 100" in bad.content.decode()
    measure.refresh_from_db()
    assert measure.progress == 65
    value = {"indicator": indicator.pk, "year": "2023", "value": "80"}
    assert client.post(f"{url}values/", value).status_code == 302
    again = client.post(en(f"{url}values/"), {**value, "value": "90"})
    assert again.status_code == 400 and "already recorded" in again.content.decode()
    assert client.post(f"{url}values/", {**value, "value": "90", "replace": "1"}).status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator, year=2023).value == 90
    outside = client.post(en(f"{url}values/"), {**value, "year": "1800"})
    assert outside.status_code == 400 and "outside the strategy" in outside.content.decode()
    reached = {"milestone": milestone.pk, "reached_on": "2023-07-01"}
    assert client.post(f"{url}milestones/", reached).status_code == 302
    milestone.refresh_from_db()
    assert milestone.reached_on == datetime.date(2023, 7, 1)
    # ... and nothing of the structure
    assert client.get(f"{measure.strategy.get_absolute_url()}edit/").status_code == 403
    edit = (
        f"{measure.strategy.get_absolute_url()}goals/{measure.goal_id}/measures/{measure.pk}/edit/"
    )
    assert client.post(edit, {"code": "X", "title": "X"}).status_code == 403


def test_another_cso_and_another_administration_cannot_report(
    client, go2000_editor, other_administration, measure
):
    url = measure.get_absolute_url()
    client.force_login(go2000_editor)
    assert client.get(url).status_code == 200
    assert "progress-form" not in client.get(url).content.decode()
    assert (
        client.post(f"{url}progress/", {"status": "completed", "progress": "100"}).status_code
        == 403
    )
    stranger = make_user("sl@go.example.bg")
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.models import AdministrationMembership

    directory.administration_membership_save(
        actor=SYSTEM,
        membership=AdministrationMembership(),
        data={"person": stranger.person, "administration": other_administration, "role": "officer"},
    )
    client.force_login(stranger)
    assert (
        client.post(f"{url}progress/", {"status": "completed", "progress": "100"}).status_code
        == 403
    )
    assert client.get(f"{measure.strategy.get_absolute_url()}edit/").status_code == 403
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_PROGRESS
    client.logout()
    response = client.post(f"{url}progress/", {"status": "completed", "progress": "100"})
    assert response.status_code == 302 and "/login" in response["Location"]


def test_an_officer_builds_a_strategy_through_the_forms(client, officer, administration, iskar):
    client.force_login(officer)
    assert client.get("/strategies/new/").status_code == 200
    response = client.post(
        "/strategies/new/",
        {
            "administration": administration.pk,
            "title": "Стратегия за младежта",
            "start_year": "2024",
            "end_year": "2028",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    slug = response["Location"].rstrip("/").split("/")[-1]
    base = f"/strategies/{slug}/"
    assert (
        client.post(
            f"{base}priorities/new/",
            {"code": "П1", "title": "Заетост", "weight": "1", "order": "0"},
        ).status_code
        == 302
    )
    from partnerstvo.strategies.models import Strategy

    strategy = Strategy.objects.get(slug=slug)
    priority = strategy.priorities.get()
    assert (
        client.post(
            f"{base}priorities/{priority.pk}/goals/new/",
            {"code": "Ц1", "title": "Цел", "weight": "1", "order": "0"},
        ).status_code
        == 302
    )
    goal = priority.goals.get()
    measure = {
        "code": "М1", "title": "Мярка", "currency": "BGN", "status": "planned", "progress": "0",
        "weight": "1", "order": "0", "organisations": [iskar.pk], "lead": f"o{iskar.pk}",
    }  # fmt: skip
    assert client.post(f"{base}goals/{goal.pk}/measures/new/", measure).status_code == 302
    created = goal.measures.get()
    assert created.partners.get().is_lead
    bad = client.post(
        f"/en{base}goals/{goal.pk}/measures/new/",
        {**measure, "code": "М2", "starts_on": "2026-05-01", "ends_on": "2025-01-01"},
    )
    assert bad.status_code == 400 and "cannot end before it starts" in bad.content.decode()
    zero = client.post(
        f"/en{base}goals/{goal.pk}/measures/{created.pk}/edit/", {**measure, "weight": "0"}
    )
    assert zero.status_code == 400 and "add up to zero" in zero.content.decode()
    assert client.post(f"{base}publish/").status_code == 302
    strategy.refresh_from_db()
    assert strategy.is_published


@pytest.mark.parametrize(
    "path",
    [
        "/strategies/no-such-strategy/",
        "/strategies/no-such-strategy/report.pdf?year=2023",
        "{base}measures/999999/",
        "{base}priorities/999999/",
        "{base}priorities/999999/goals/new/",
        "{base}goals/999999/measures/new/",
    ],
)
def test_bad_addresses_are_404(client, coordinator, strategy, path):
    client.force_login(coordinator)
    url = path.format(base=strategy.get_absolute_url())
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("year", ["abc", "1800", "2035", "", "2023.5", "99999999999999999999"])
def test_bad_report_years_are_400(client, strategy, year):
    for name in ("report.xlsx", "report.pdf"):
        response = client.get(en(f"{strategy.get_absolute_url()}{name}?year={year}"))
        assert response.status_code == 400, (name, year)


def test_a_milestone_for_a_bad_measure_is_404(client, coordinator, strategy):
    client.force_login(coordinator)
    base = strategy.get_absolute_url()
    assert client.get(f"{base}milestones/new/?measure=abc").status_code == 404
    assert client.get(f"{base}milestones/new/?measure=99999").status_code == 404


def test_the_measure_page_costs_the_same_queries_with_1_or_6_indicators_and_milestones(
    client, iskar_admin, strategy, measure, indicator, milestone, goal, administration
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other = add_measure(goal, code="М9", partners=[{"administration": administration}])
    services.indicator_save(
        actor=SYSTEM,
        measure=other,
        data={
            "name": "Х", "unit": "брой", "baseline_value": Decimal(0), "baseline_year": 2020,
            "target_value": Decimal(10), "target_year": 2027,
        },
    )  # fmt: skip
    for n in range(5):
        extra = services.indicator_save(
            actor=SYSTEM,
            measure=measure,
            data={
                "name": f"Показател {n}", "unit": "брой", "baseline_value": Decimal(0),
                "baseline_year": 2020, "target_value": Decimal(10), "target_year": 2027,
            },
        )  # fmt: skip
        for year in (2021, 2022, 2023):
            services.indicator_value_record(
                actor=SYSTEM, indicator=extra, year=year, value=Decimal(n)
            )
        services.milestone_save(
            actor=SYSTEM,
            strategy=strategy,
            measure=measure,
            data={"title": f"Етап {n}", "due_on": datetime.date(2024, 1, 1 + n)},
        )
    client.force_login(iskar_admin)
    counts = []
    for item in (other, measure):
        client.get(item.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(item.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
