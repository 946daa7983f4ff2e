"""Every policy gives one answer: for every role in the demo, every action and every record, "may
this user do this to this record?" (``user_can``) agrees with "is this record among the rows the
user may do this to?" (``scope``). A policy that wrote a rule twice and let the two drift fails
here, and so does a new model whose policy does."""

import pytest
from django.core.management import call_command
from django.db.models import Q

from partnerstvo.accounts.models import User
from partnerstvo.core import permissions
from partnerstvo.core.permissions import ALL, NONE, matches, scope, user_can

# Records per model and action (the demo's first and last ones, which include other tenants').
SAMPLE = 40


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from conftest import load_demo_data_for_tests

    with django_db_blocker.unblock():
        load_demo_data_for_tests()
        yield
        call_command("flush", interactive=False, verbosity=0)
        from conftest import restore_wagtail_tree

        restore_wagtail_tree()


def _actors():
    from django.contrib.auth.models import AnonymousUser

    users = list(User.objects.filter(is_active=True).order_by("email"))
    return [("anonymous", AnonymousUser()), *((user.email, user) for user in users)]


def _sample(model):
    manager = model._default_manager
    rows = list(manager.order_by("pk")[:SAMPLE]) + list(manager.order_by("-pk")[:SAMPLE])
    return list({row.pk: row for row in rows}.values())


@pytest.mark.django_db
def test_every_policy_agrees_with_its_scope_for_every_role_over_the_demo(demo):
    actors = _actors()
    assert len(actors) >= 10, "the demo should hold people in every role"
    checked = 0
    disagreements = []
    for model in permissions.registered_models():
        policy = permissions.policy_for(model)
        rows = _sample(model)
        for action in policy.actions():
            for name, user in actors:
                # Fresh role caches for each actor, as in a request.
                if hasattr(user, "_partnerstvo_roles"):
                    delattr(user, "_partnerstvo_roles")
                allowed = set(
                    scope(
                        user, action, model._default_manager.filter(pk__in=[r.pk for r in rows])
                    ).values_list("pk", flat=True)
                )
                for row in rows:
                    checked += 1
                    if user_can(user, action, row) != (row.pk in allowed):
                        disagreements.append(
                            f"{model.__name__}.{action} for {name} on #{row.pk}: "
                            f"can={row.pk not in allowed} scope={row.pk in allowed}"
                        )
    assert checked > 5_000
    assert not disagreements, "\n".join(disagreements[:40])


@pytest.mark.django_db
def test_a_rule_is_matched_in_python_without_a_query(iskar, django_assert_num_queries):
    from partnerstvo.directory.models import Organisation

    iskar.is_public = False
    oblast_id = iskar.seat.oblast_id  # the forward relation, loaded once
    with django_assert_num_queries(0):
        assert matches(Q(is_public=True), iskar) is False
        assert matches(Q(is_public=False) & Q(pk__in=[iskar.pk]), iskar) is True
        assert matches(~Q(pk=iskar.pk), iskar) is False
        assert matches(Q(seat_id=iskar.seat_id) & Q(seat__oblast_id=oblast_id), iskar)
    unsaved = Organisation(name="Ново сдружение", is_public=True)
    assert matches(Q(is_public=True), unsaved) is True
    assert matches(ALL, unsaved) is True
    assert matches(NONE, iskar) is False


@pytest.mark.django_db
def test_a_rule_over_related_rows_asks_the_database_about_that_one_row(iskar, dolna_mitropolia):
    from partnerstvo.directory.models import Organisation

    iskar.municipalities.add(dolna_mitropolia)
    assert matches(Q(municipalities=dolna_mitropolia), iskar) is True
    assert matches(Q(municipalities__code="XXX00"), iskar) is False
    with pytest.raises(ValueError, match="unsaved"):
        matches(Q(municipalities=dolna_mitropolia), Organisation(name="Ново"))


@pytest.mark.django_db
def test_get_for_user_or_404_hides_what_is_out_of_reach(iskar, iskar_member, go2000_editor):
    from django.http import Http404

    from partnerstvo.directory.models import OrganisationMembership

    member_of_other_cso = go2000_editor
    membership = OrganisationMembership.objects.filter(organisation=iskar).first()
    assert membership is not None
    with pytest.raises(Http404):
        permissions.get_for_user_or_404(
            member_of_other_cso, "view", OrganisationMembership, pk=membership.pk
        )
    with pytest.raises(Http404):
        permissions.get_for_user_or_404(
            member_of_other_cso, "view", OrganisationMembership, pk="not-a-number"
        )
    assert user_can(member_of_other_cso, "view", membership) is False
    found = permissions.get_for_user_or_404(
        iskar_member, "view", OrganisationMembership, pk=membership.pk
    )
    assert found == membership


@pytest.mark.django_db
def test_get_for_user_or_404_refuses_an_action_on_a_record_the_user_sees(iskar, iskar_member):
    from django.core.exceptions import PermissionDenied

    from partnerstvo.directory.models import Organisation

    assert permissions.get_for_user_or_404(iskar_member, "view", Organisation, pk=iskar.pk)
    with pytest.raises(PermissionDenied):
        permissions.get_for_user_or_404(iskar_member, "change", Organisation, pk=iskar.pk)
