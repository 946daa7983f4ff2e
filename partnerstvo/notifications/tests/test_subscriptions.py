import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from conftest import make_user
from partnerstvo.core.audit import AuditEntry
from partnerstvo.core.permissions import SYSTEM, scope, user_can
from partnerstvo.notifications import services, topics
from partnerstvo.notifications.models import Subscription
from partnerstvo.notifications.selectors import subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_topic():
    """A topic with areas, as the consultations will register."""
    topics.register(
        "test-consultations",
        label="Consultations",
        areas=[("social", "Social policy"), ("roads", "Roads")],
    )
    yield "test-consultations"
    topics.unregister("test-consultations")


def _subscribe(user, topic="events", municipality=None, area=""):
    return services.subscription_save(
        actor=user, person=user.person, topic=topic, municipality=municipality, area=area
    )


def test_events_topic_registered_by_the_events_app():
    assert topics.get("events") is not None
    assert ("events", topics.get("events").label) in topics.choices()


def test_subscribers_here_or_everywhere_each_person_once(
    iskar_member,
    iskar_editor,
    go2000_editor,
    coordinator,
    dolna_mitropolia,
    gorna_oryahovitsa,
    council_topic,
    django_assert_num_queries,
):
    _subscribe(iskar_member, municipality=dolna_mitropolia)
    _subscribe(iskar_member)  # and everywhere: still told once
    _subscribe(iskar_editor, municipality=gorna_oryahovitsa)
    _subscribe(go2000_editor)
    _subscribe(coordinator, topic=council_topic, municipality=dolna_mitropolia, area="social")
    with django_assert_num_queries(1):
        here = list(subscribers(topic="events", municipality=dolna_mitropolia))
    assert sorted(p.pk for p in here) == sorted([iskar_member.person.pk, go2000_editor.person.pk])
    both = subscribers(topic="events", municipality=[dolna_mitropolia, gorna_oryahovitsa])
    assert both.count() == 3
    by_id = subscribers(topic="events", municipality=gorna_oryahovitsa.pk)
    assert set(by_id) == {iskar_editor.person, iskar_member.person, go2000_editor.person}
    # Nowhere in particular: only those subscribed everywhere.
    assert set(subscribers(topic="events", municipality=None)) == {
        iskar_member.person,
        go2000_editor.person,
    }
    # Areas: one area, or all of them.
    _subscribe(iskar_editor, topic=council_topic)
    assert set(subscribers(topic=council_topic, municipality=dolna_mitropolia, area="social")) == {
        coordinator.person,
        iskar_editor.person,
    }
    assert set(subscribers(topic=council_topic, municipality=dolna_mitropolia, area="roads")) == {
        iskar_editor.person
    }
    assert set(subscribers(topic=council_topic, municipality=dolna_mitropolia)) == {
        iskar_editor.person
    }


def test_subscribers_one_query_at_scale(dolna_mitropolia, django_assert_num_queries):
    people = [make_user(f"p{i}@example.bg").person for i in range(40)]
    Subscription.objects.bulk_create(
        [Subscription(person=p, topic="events", municipality=dolna_mitropolia) for p in people]
        + [Subscription(person=p, topic="events") for p in people[:20]]
    )
    with django_assert_num_queries(1):
        assert len(list(subscribers(topic="events", municipality=dolna_mitropolia))) == 40
    from partnerstvo.directory.models import Municipality

    several = Municipality.objects.filter(oblast=dolna_mitropolia.oblast)
    with django_assert_num_queries(1):  # a queryset of municipalities is a subquery
        assert len(list(subscribers(topic="events", municipality=several))) == 40


def test_save_validates_topic_area_and_duplicates(iskar_member, dolna_mitropolia, council_topic):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            _subscribe(iskar_member, topic="nonsense")
        assert "topic" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            _subscribe(iskar_member, topic="events", area="social")  # events have no areas
        assert "area" in error.value.message_dict
        with pytest.raises(ValidationError):
            _subscribe(iskar_member, topic=council_topic, area="weather")
        _subscribe(iskar_member, municipality=dolna_mitropolia)
        _subscribe(iskar_member)
        for municipality in (dolna_mitropolia, None):
            with pytest.raises(ValidationError) as error:
                _subscribe(iskar_member, municipality=municipality)
            assert "already subscribed" in str(error.value)
    assert Subscription.objects.count() == 2
    assert AuditEntry.objects.filter(action="create", object_repr__contains="events").count() == 2


def test_policy_own_subscriptions_only(iskar_member, go2000_editor, coordinator):
    subscription = _subscribe(iskar_member)
    assert user_can(iskar_member, "delete", subscription)
    assert not user_can(go2000_editor, "delete", subscription)
    assert not user_can(coordinator, "view", subscription)
    assert not user_can(iskar_member, "change", subscription)
    assert scope(go2000_editor, "view", Subscription.objects.all()).count() == 0
    with pytest.raises(PermissionDenied):
        services.subscription_save(actor=go2000_editor, person=iskar_member.person, topic="events")
    with pytest.raises(PermissionDenied):
        services.subscription_delete(actor=go2000_editor, subscription=subscription)
    services.subscription_delete(actor=iskar_member, subscription=subscription)
    assert not Subscription.objects.exists()
    assert AuditEntry.objects.filter(action="delete").count() == 1
    assert services.subscription_save(actor=SYSTEM, person=iskar_member.person, topic="events")


def test_preferences_page_adds_and_removes_subscriptions(
    client,
    iskar_member,
    go2000_editor,
    dolna_mitropolia,
    council_topic,
    django_assert_max_num_queries,
):
    url = reverse("notifications:preferences")
    client.force_login(iskar_member)
    _subscribe(iskar_member, topic=council_topic, area="roads")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    page = response.content.decode()
    assert 'name="sub-topic"' in page and 'name="sub-municipality"' in page
    assert 'name="sub-area"' in page  # a topic has areas
    response = client.post(
        url, {"action": "subscribe", "sub-topic": "events", "sub-municipality": dolna_mitropolia.pk}
    )
    assert response.status_code == 302
    assert Subscription.objects.filter(
        person=iskar_member.person, topic="events", municipality=dolna_mitropolia
    ).exists()
    with translation.override("en"):
        # The same again, an unknown topic, another topic's area, a municipality that is not:
        # each a clear error on the page, nothing written.
        for data, field in [
            ({"sub-topic": "events", "sub-municipality": dolna_mitropolia.pk}, None),
            ({"sub-topic": "weather"}, "topic"),
            ({"sub-topic": "events", "sub-area": "roads"}, "area"),
            ({"sub-topic": "events", "sub-municipality": "999999"}, "municipality"),
        ]:
            response = client.post(url, {"action": "subscribe", **data})
            assert response.status_code == 200
            assert 'role="alert"' in response.content.decode()
            form = response.context["subscription_form"]
            assert form.errors[field] if field else form.non_field_errors()
    assert Subscription.objects.filter(person=iskar_member.person).count() == 2
    # The frequency form still saves without the subscription form getting in the way.
    assert client.post(url, {"frequency": "daily"}).status_code == 302
    assert services.frequency_of(iskar_member.person) == "daily"
    # Removing: one's own only; someone else's answers 404, a GET is refused.
    own = Subscription.objects.filter(person=iskar_member.person, topic="events").get()
    other = _subscribe(go2000_editor)
    remove = reverse("notifications:unsubscribe", args=[other.pk])
    assert client.post(remove).status_code == 404
    assert client.get(reverse("notifications:unsubscribe", args=[own.pk])).status_code == 405
    assert client.post(reverse("notifications:unsubscribe", args=[own.pk])).status_code == 302
    assert not Subscription.objects.filter(pk=own.pk).exists()
    assert Subscription.objects.filter(pk=other.pk).exists()
    client.logout()
    assert client.post(remove).status_code == 302  # login first
