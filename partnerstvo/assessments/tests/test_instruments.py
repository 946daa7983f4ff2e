"""Instruments: the two shipped in Bulgarian by the data migration; versions that are validated
when published (a weight sum of zero is refused with a clear message), frozen once answered,
and copied into a new version; the coordinators' editor screens and who may use them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from partnerstvo.assessments import builtin, services
from partnerstvo.assessments.models import (
    Dimension,
    Instrument,
    InstrumentVersion,
    Question,
    ScaleLevel,
)

from .conftest import answer_all

pytestmark = pytest.mark.django_db


def test_the_migration_ships_two_published_instruments_in_bulgarian():
    cso = Instrument.objects.get(slug=builtin.CSO_SLUG)
    unit = Instrument.objects.get(slug=builtin.UNIT_SLUG)
    assert (cso.subject_kind, unit.subject_kind) == ("organisation", "unit")
    for instrument in (cso, unit):
        version = services.current_version(instrument)
        assert version.number == 1
        assert services.publication_errors(version) == []
        assert version.levels.count() == 5
        assert all(level.description for level in version.levels.all())
        dimensions = list(version.dimensions.prefetch_related("questions"))
        assert len(dimensions) >= 6
        assert all(3 <= len(d.questions.all()) <= 5 and d.recommendation for d in dimensions)
    codes = set(services.current_version(cso).dimensions.values_list("name", flat=True))
    assert {"Управление", "Стратегическо планиране", "Финанси", "Партньорства"} <= codes
    assert "Цифровизация" in set(
        services.current_version(unit).dimensions.values_list("name", flat=True)
    )


def _draft(coordinator):
    instrument = services.instrument_create(
        actor=coordinator,
        data={
            "slug": "proba",
            "name": "Проба",
            "subject_kind": "organisation",
            "levels": [(1, "Ниско", "Описание."), (2, "Средно", "Описание."), (3, "Високо", "О.")],
        },
    )
    return instrument.versions.get()


def test_a_version_without_dimensions_is_not_published(coordinator):
    version = _draft(coordinator)
    with pytest.raises(ValidationError) as error:
        services.version_publish(actor=coordinator, version=version)
    assert "at least one dimension" in str(error.value)
    version.refresh_from_db()
    assert version.status == "draft"


def test_a_weight_sum_of_zero_is_refused_with_a_clear_message(coordinator):
    version = _draft(coordinator)
    dimension = services.dimension_save(
        actor=coordinator,
        version=version,
        data={"code": "a", "name": "А", "weight": Decimal(0), "recommendation": "Р."},
    )
    services.question_save(
        actor=coordinator, dimension=dimension, data={"text": "В?", "weight": Decimal(0)}
    )
    with pytest.raises(ValidationError) as error:
        services.version_publish(actor=coordinator, version=version)
    messages = " ".join(error.value.messages)
    assert "dimensions' weights add up to zero" in messages
    assert "questions of the dimension “А” have weights that add up to zero" in messages
    assert InstrumentVersion.objects.get(pk=version.pk).status == "draft"


def test_a_negative_weight_is_refused_and_nothing_is_written(coordinator):
    version = _draft(coordinator)
    with pytest.raises(ValidationError):
        services.dimension_save(
            actor=coordinator,
            version=version,
            data={"code": "a", "name": "А", "weight": Decimal(-1), "recommendation": "Р."},
        )
    assert not Dimension.objects.filter(version=version).exists()


def test_a_valid_version_is_published(coordinator):
    version = _draft(coordinator)
    dimension = services.dimension_save(
        actor=coordinator,
        version=version,
        data={"code": "a", "name": "А", "weight": Decimal(1), "recommendation": "Р."},
    )
    services.question_save(actor=coordinator, dimension=dimension, data={"text": "В?"})
    services.version_publish(actor=coordinator, version=version)
    version.refresh_from_db()
    assert version.status == "published" and version.published_at


def test_a_published_version_cannot_be_edited_into_a_zero_weight(coordinator, shipped):
    version = services.current_version(shipped)
    dimension = version.dimensions.first()
    *others, last = list(dimension.questions.all())
    for question in others:
        services.question_save(
            actor=coordinator, dimension=dimension, question=question, data={"weight": 0}
        )
    with pytest.raises(ValidationError) as error:
        services.question_save(
            actor=coordinator, dimension=dimension, question=last, data={"weight": 0}
        )
    assert "add up to zero" in " ".join(error.value.messages)
    # The change that would leave a zero sum is rolled back; the others were each valid.
    assert sum(q.weight for q in Question.objects.filter(dimension=dimension)) > 0


def test_an_answered_version_is_frozen_and_changes_go_to_a_new_version(
    coordinator, iskar_round, iskar_admin
):
    version = iskar_round.version
    answer_all(iskar_admin, iskar_round, 3)
    assert version.is_frozen()
    dimension = version.dimensions.first()
    with pytest.raises(ValidationError) as error:
        services.dimension_save(
            actor=coordinator, version=version, dimension=dimension, data={"name": "Ново"}
        )
    assert "frozen" in str(error.value)
    new = services.version_create_from(actor=coordinator, instrument=version.instrument)
    assert new.number == version.number + 1 and new.status == "draft"
    assert new.dimensions.count() == version.dimensions.count()
    assert (
        Question.objects.filter(dimension__version=new).count()
        == Question.objects.filter(dimension__version=version).count()
    )
    assert ScaleLevel.objects.filter(version=new).count() == 5
    copied = new.dimensions.get(code=dimension.code)
    services.dimension_save(actor=coordinator, version=new, dimension=copied, data={"name": "Ново"})
    assert Dimension.objects.get(pk=dimension.pk).name != "Ново"
    with pytest.raises(ValidationError):  # one draft at a time
        services.version_create_from(actor=coordinator, instrument=version.instrument)
    services.version_publish(actor=coordinator, version=new)
    assert services.current_version(version.instrument) == new
    # The old round keeps the version it used.
    iskar_round.refresh_from_db()
    assert iskar_round.version == version


def test_only_coordinators_edit_instruments(client, iskar_admin, coordinator, shipped):
    version = services.current_version(shipped)
    urls = [
        "/en/assessments/instruments/",
        f"/en/assessments/instruments/{shipped.slug}/",
        f"/en/assessments/instruments/{shipped.slug}/v{version.number}/",
    ]
    assert client.get(urls[0]).status_code == 302  # to the login
    client.force_login(iskar_admin)
    for url in urls:
        assert client.get(url).status_code in (403, 404)
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied
        services.version_create_from(actor=iskar_admin, instrument=shipped)
    client.force_login(coordinator)
    for url in urls:
        assert client.get(url).status_code == 200


def test_the_coordinator_edits_a_draft_through_the_screens(client, coordinator, shipped):
    client.force_login(coordinator)
    base = f"/en/assessments/instruments/{shipped.slug}/"
    response = client.post(base, {"notes": "По-кратки въпроси"})
    assert response.status_code == 302
    version = shipped.versions.get(number=2)
    dimension = version.dimensions.first()
    url = f"{base}v2/dimension/{dimension.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "code": dimension.code,
        "name": "Добро управление",
        "description": "",
        "weight": "0",
        "order": 1,
        "recommendation": dimension.recommendation,
        "strength": "",
    }
    assert client.post(url, data).status_code == 302
    dimension.refresh_from_db()
    assert dimension.name == "Добро управление" and dimension.weight == 0
    for question in dimension.questions.all():
        response = client.post(
            f"{base}v2/question/{question.pk}/",
            {"text": question.text, "help": "", "weight": "0", "order": question.order},
        )
    response = client.post(f"{base}v2/publish/", follow=True)
    assert "add up to zero" in response.content.decode()
    version.refresh_from_db()
    assert version.status == "draft"
    question = dimension.questions.first()
    client.post(
        f"{base}v2/question/{question.pk}/",
        {"text": question.text, "help": "", "weight": "1", "order": 1},
    )
    client.post(f"{base}v2/publish/")
    version.refresh_from_db()
    assert version.status == "published"
    response = client.post(
        f"{base}v2/question/new/?dimension={dimension.pk}",
        {"text": "Нов?", "weight": "1", "order": 9},
    )
    assert response.status_code == 302  # a published version without answers may still change
    level = version.levels.get(value=3)
    response = client.post(
        f"{base}v2/level/{level.pk}/", {"value": 3, "label": "", "description": "x"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "instruments/nyama/",
        "instruments/{slug}/v99/",
        "instruments/{slug}/v1/dimension/999999/",
        "instruments/{slug}/v1/question/new/?dimension=abc",
        "instruments/{slug}/v1/bogus/new/",
        "instruments/{slug}/v1/level/999999/",
    ],
)
def test_bad_ids_in_the_editor_answer_404(client, coordinator, shipped, path):
    client.force_login(coordinator)
    response = client.get(f"/en/assessments/{path.format(slug=shipped.slug)}")
    assert response.status_code == 404
