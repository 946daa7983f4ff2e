"""What roles a user holds, read once per user object (two queries) and cached on it.

The one place roles are read: organisation and administration memberships (this app's) and the
user's platform roles (``user.platform_roles``, the ``accounts.PlatformRole`` rows of the user
model). The directory knows users only through ``settings.AUTH_USER_MODEL``, so every app, the
directory's own policies included, can ask here without importing ``accounts``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from partnerstvo.core.permissions import SYSTEM

from .models import AdministrationMembership, OrganisationMembership

CACHE_ATTRIBUTE = "_partnerstvo_roles"


@dataclass(frozen=True)
class Roles:
    authenticated: bool = False
    superuser: bool = False
    platform: frozenset[str] = frozenset()
    # organisation id -> membership role (admin, editor, member); active memberships only
    organisations: dict[int, str] = field(default_factory=dict)
    # administration ids in which the person is a municipal officer
    administrations: frozenset[int] = frozenset()
    person_id: int | None = None

    @property
    def is_coordinator(self) -> bool:
        return self.superuser or "coordinator" in self.platform

    @property
    def is_auditor(self) -> bool:
        return "auditor" in self.platform

    @property
    def is_trainer(self) -> bool:
        return "trainer" in self.platform

    @property
    def reads_everything(self) -> bool:
        return self.is_coordinator or self.is_auditor

    def org_role(self, organisation_id: int | None) -> str | None:
        return self.organisations.get(organisation_id)

    def orgs_with(self, *roles: str) -> list[int]:
        return [org_id for org_id, role in self.organisations.items() if role in roles]

    @property
    def back_office(self) -> bool:
        """May use the staff back office (Wagtail's admin) at all."""
        return bool(
            self.is_coordinator
            or self.is_auditor
            or self.is_trainer
            or self.orgs_with("admin", "editor")
            or self.administrations
        )


def person_active_roles(*, person_id: int, today: datetime.date) -> tuple[dict[int, str], set[int]]:
    """The person's active organisation roles (org id -> role) and officer administrations."""
    organisations = dict(
        OrganisationMembership.objects.active(today)
        .filter(person_id=person_id)
        .values_list("organisation_id", "role")
    )
    administrations = set(
        AdministrationMembership.objects.active(today)
        .filter(person_id=person_id, role=AdministrationMembership.Role.OFFICER)
        .values_list("administration_id", flat=True)
    )
    return organisations, administrations


ANONYMOUS = Roles()
SYSTEM_ROLES = Roles(authenticated=True, superuser=True)


def roles_of(user) -> Roles:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    if user is SYSTEM:
        return SYSTEM_ROLES
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    platform = frozenset(user.platform_roles.values_list("role", flat=True))
    organisations, administrations = ({}, frozenset())
    if user.person_id:
        organisations, administrations = person_active_roles(
            person_id=user.person_id, today=timezone.localdate()
        )
    roles = Roles(
        authenticated=True,
        superuser=user.is_superuser,
        platform=platform,
        organisations=organisations,
        administrations=frozenset(administrations),
        person_id=user.person_id,
    )
    setattr(user, CACHE_ATTRIBUTE, roles)
    return roles


def forget_roles(user) -> None:
    """Drop the cached roles after a membership or platform role of ``user`` changes."""
    if user is not None and hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)
