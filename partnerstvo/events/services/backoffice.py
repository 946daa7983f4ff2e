"""What only the events back office (Wagtail admin, ``events/admin.py``) needs on top of the
services of ``events`` and ``registration``: choosing who organises a new event from the actor's
roles, and inviting many addresses and organisations at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from partnerstvo.core.permissions import require
from partnerstvo.directory.models import Administration, Organisation
from partnerstvo.directory.roles import roles_of

from ..models import Event, Invitation
from .events import event_create
from .registration import invitation_send

INVITATIONS_AT_ONCE = 200


def event_create_for_actor(*, actor, data: dict) -> Event:
    """A draft event organised by the party the actor acts for: their first organisation where
    they are an admin or editor, else their first administration (coordinators: nobody yet;
    they add organisers on the organisers screen)."""
    roles = roles_of(actor)
    organisations, administrations = [], []
    if not roles.is_coordinator:
        org_ids = sorted(roles.orgs_with("admin", "editor"))
        if org_ids:
            organisations = [Organisation.objects.get(pk=org_ids[0])]
        elif roles.administrations:
            administrations = [Administration.objects.get(pk=min(roles.administrations))]
    return event_create(
        actor=actor, data=data, organisations=organisations, administrations=administrations
    )


def invitations_send(*, actor, event: Event, organisations=(), emails=()) -> list[Invitation]:
    """Invite ``organisations`` (at their contact e-mail) and the addresses ``emails`` to
    ``event``, each through ``invitation_send`` (a token by e-mail, its hash kept). An address
    already invited to the event is skipped. All or nothing: an organisation without an e-mail,
    an invalid address or more than ``INVITATIONS_AT_ONCE`` raise ``ValidationError`` before
    anything is sent."""
    require(actor, "invite", event)
    targets: dict[str, Organisation | None] = {}
    errors = []
    for organisation in organisations:
        if not organisation.email:
            errors.append(_("%(name)s has no contact e-mail.") % {"name": organisation.name})
        else:
            targets.setdefault(organisation.email.strip().lower(), organisation)
    for email in emails:
        email = email.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
            continue
        targets.setdefault(email, None)
    if errors:
        raise ValidationError(errors)
    if not targets:
        raise ValidationError(_("Choose organisations or give e-mail addresses."))
    if len(targets) > INVITATIONS_AT_ONCE:
        raise ValidationError(
            _("At most %(count)s invitations at once.") % {"count": INVITATIONS_AT_ONCE}
        )
    already = set(
        Invitation.objects.filter(event=event, email__in=list(targets)).values_list(
            "email", flat=True
        )
    )
    with transaction.atomic():
        return [
            invitation_send(event=event, actor=actor, email=email, organisation=organisation)
            for email, organisation in targets.items()
            if email not in already
        ]
