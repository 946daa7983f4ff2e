"""Writes to accounts: logins for people and platform roles. Atomic, checked, audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.directory.roles import forget_roles

from .models import PlatformRole, User


@transaction.atomic
def user_create(
    *, actor, person, email: str, password: str | None = None, validate: bool = True
) -> User:
    """Give ``person`` a login. Coordinators (and commands, as SYSTEM) only.

    Without ``password`` the account cannot log in until a password reset.
    """
    require(actor, "add", User)
    user = User(
        email=User.objects.normalize_email(email).lower(),
        first_name=person.first_name,
        last_name=person.last_name,
        person=person,
    )
    if password:
        if validate:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_log(
        actor=actor,
        action="accounts.user.created",
        instance=user,
        after=snapshot(user, fields=["email", "first_name", "last_name", "person", "is_active"]),
    )
    return user


@transaction.atomic
def platform_role_grant(*, actor, user: User, role: str) -> PlatformRole:
    """Grant a platform role (coordinator, trainer, auditor). Coordinators only."""
    require(actor, "add", PlatformRole)
    grant, created = PlatformRole.objects.get_or_create(user=user, role=role)
    if created:
        audit_log(
            actor=actor, action="accounts.platform_role.granted", instance=user, data={"role": role}
        )
    forget_roles(user)
    return grant


@transaction.atomic
def platform_role_revoke(*, actor, user: User, role: str) -> None:
    require(actor, "delete", PlatformRole)
    deleted, _ = PlatformRole.objects.filter(user=user, role=role).delete()
    if deleted:
        audit_log(
            actor=actor, action="accounts.platform_role.revoked", instance=user, data={"role": role}
        )
    forget_roles(user)
