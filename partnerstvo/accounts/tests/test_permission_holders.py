"""Who holds a permission on every record: asked by Wagtail through the back office's permission
policy, answered by the role backend (core does not know where roles are kept)."""

from partnerstvo.accounts.models import User
from partnerstvo.core.admin_views import PolicyPermissionPolicy
from partnerstvo.directory.models import Organisation


def test_coordinators_and_superusers_hold_every_records_permission(
    coordinator, auditor, iskar, iskar_admin
):
    superuser = User.objects.create_superuser(email="root@example.bg", password="x")
    policy = PolicyPermissionPolicy(Organisation)
    holders = set(policy.users_with_any_permission(["change", "delete"]))
    assert holders == {coordinator, superuser}
    assert set(policy.users_with_permission_for_instance("change", iskar)) == holders


def test_djangos_with_perm_asks_the_role_backend(coordinator, iskar_admin):
    holders = User.objects.with_perm(
        "directory.change_organisation", backend="partnerstvo.accounts.backends.RoleBackend"
    )
    assert list(holders) == [coordinator]
    coordinator.is_active = False
    coordinator.save()
    assert not User.objects.with_perm(
        "directory.change_organisation", backend="partnerstvo.accounts.backends.RoleBackend"
    ).exists()
