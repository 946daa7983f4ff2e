"""Who may do what with good practices. See partnerstvo.core.permissions.

- Published practices are public. A practice in any other state is seen only by the admins and
  editors of its organisation and by coordinators and auditors: a draft answers 404 to others.
- The organisation's admins and editors create, edit and submit their practices (the services
  allow edits only while it is a draft or has changes requested); coordinators review them
  (request changes, publish, reject) and may correct any.
- "We want to replicate this": members of another organisation, on a published practice.
- Who asked to replicate a practice: its authors, the asking organisation, coordinators.
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import (
    ALL,
    NONE,
    Policy,
    both,
    either,
    only_if,
    register,
    within,
)
from partnerstvo.directory.roles import roles_of

from .models import (
    PUBLISHED,
    Practice,
    PracticeAttachment,
    PracticeImage,
    PracticeResult,
    ReplicationRequest,
)

AUTHOR_ROLES = ("admin", "editor")


def _prefixed(condition: Q, prefix: str) -> Q:
    if not prefix:
        return condition
    return Q(
        *[
            _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
            for child in condition.children
        ],
        _connector=condition.connector,
        _negated=condition.negated,
    )


def authored(user, prefix: str = ""):
    """Practices of the organisations in which ``user`` is an admin or editor."""
    return within(f"{prefix}organisation_id", roles_of(user).orgs_with(*AUTHOR_ROLES))


def visible(user, prefix: str = ""):
    roles = roles_of(user)
    if roles.reads_everything:
        return ALL
    return either(_prefixed(PUBLISHED, prefix), authored(user, prefix))


def writable(user, prefix: str = ""):
    return ALL if roles_of(user).is_coordinator else authored(user, prefix)


@register(Practice)
class PracticePolicy(Policy):
    def rule_view(self, user):
        return visible(user)

    def rule_add(self, user):
        return writable(user)

    def rule_change(self, user):
        return writable(user)

    def rule_manage(self, user):
        """The back office's list: coordinators and auditors all, the authors their own."""
        return ALL if roles_of(user).reads_everything else authored(user)

    # Whether the state allows it is the service's question, answered with a message.
    rule_delete = rule_change

    def rule_submit(self, user):
        return writable(user)

    def rule_review(self, user):
        return only_if(roles_of(user).is_coordinator)

    def rule_replicate(self, user):
        """Members of an organisation that is not the author's, on a published practice."""
        roles = roles_of(user)
        if not roles.organisations:
            return NONE
        return both(PUBLISHED, ~Q(organisation_id__in=list(roles.organisations)))


class PracticePartPolicy(Policy):
    """Results, images and attachments: seen with their practice, changed by who changes it."""

    def rule_view(self, user):
        return visible(user, "practice__")

    def rule_change(self, user):
        return writable(user, "practice__")

    rule_add = rule_change
    rule_delete = rule_change


for _model in (PracticeResult, PracticeImage, PracticeAttachment):
    register(_model)(type(f"{_model.__name__}Policy", (PracticePartPolicy,), {}))


@register(ReplicationRequest)
class ReplicationRequestPolicy(Policy):
    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        return either(
            authored(user, "practice__"), within("organisation_id", list(roles.organisations))
        )
