"""The audit trail: every service that changes a record that matters calls ``audit_log``."""

import datetime
import decimal
import json
import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        # Sorted so that order alone is not a change; by their JSON form, so dicts sort too.
        items = [_plain(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The audited state of ``instance``: concrete fields by attname, many-to-many as sorted ids."""
    opts = instance._meta
    wanted = set(fields) if fields is not None else None
    state: dict = {}
    for field in opts.concrete_fields:
        if wanted is not None and field.name not in wanted:
            continue
        if field.primary_key or not field.editable:
            continue  # ids and automatic timestamps are not changes anyone made
        state[field.name] = _plain(getattr(instance, field.attname))
    if instance.pk:
        for field in opts.many_to_many:
            if wanted is not None and field.name not in wanted:
                continue
            state[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return state


def diff(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def audit_log(
    *,
    actor,
    action: str,
    instance: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Write one audit entry for ``instance``; call inside the service's transaction."""
    from .permissions import SYSTEM

    is_user = actor is not None and actor is not SYSTEM and actor.is_authenticated
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_repr=str(actor)[:255] if (is_user or actor is SYSTEM) else "",
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=diff(before, after),
        data=data or {},
    )
