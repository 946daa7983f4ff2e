"""Demo logins: one for each person of the directory demo's ``ACCOUNTS``, with their platform roles.

Runs after the directory demo (INSTALLED_APPS lists the apps in layer order), as SYSTEM, idempotent.
"""

from __future__ import annotations

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.demo import ACCOUNTS
from partnerstvo.directory.models import Person

from .models import PlatformRole, User
from .services import platform_role_grant, user_create

DEMO_PASSWORD = "Partnerstvo-2026"  # noqa: S105 - printed by `make demo` on purpose

ROLE_LABELS = {
    "coordinator": "platform coordinator",
    "auditor": "auditor (reads everything, changes nothing)",
    "trainer": "trainer",
    "admin": "organisation admin",
    "editor": "organisation editor",
    "member": "organisation member",
    "officer": "municipal officer",
}


def load() -> list[tuple[str, str, str]]:
    printed = []
    for email, _first, _last, role in ACCOUNTS:
        person = Person.objects.get(email=email)
        user = User.objects.filter(email=email).first() or user_create(
            actor=SYSTEM, person=person, email=email, password=DEMO_PASSWORD, validate=False
        )
        kind, _, target = role.partition(":")
        if kind in PlatformRole.Role.values:
            platform_role_grant(actor=SYSTEM, user=user, role=kind)
        printed.append(
            (ROLE_LABELS[kind] + (f" ({target})" if target else ""), email, DEMO_PASSWORD)
        )
    return printed
