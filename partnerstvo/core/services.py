"""Building blocks for every app's services: apply validated data to a record, audited."""

from __future__ import annotations

from django.db import models

from .audit import audit_log, snapshot


def stored_version(instance: models.Model) -> models.Model | None:
    """The record as it is in the database (for permission checks on what it *was*)."""
    if instance.pk is None:
        return None
    return type(instance)._default_manager.filter(pk=instance.pk).first()


def assign_fields(instance: models.Model, data: dict) -> dict:
    """Set concrete fields from ``data`` on ``instance``; return the many-to-many values to set
    once the instance is saved."""
    many_to_many = {}
    names = {field.name: field for field in instance._meta.get_fields()}
    for key, value in data.items():
        field = names.get(key)
        if field is None:
            raise ValueError(f"{type(instance).__name__} has no field {key!r}")
        if field.many_to_many and not field.auto_created:
            many_to_many[key] = value
        elif field.concrete:
            setattr(instance, key, value)
        else:
            raise ValueError(f"{key!r} cannot be assigned")
    return many_to_many


def save_audited(
    *,
    instance: models.Model,
    data: dict,
    actor,
    action: str,
    exclude_from_clean: list[str] | None = None,
) -> models.Model:
    """Validate (``full_clean``), save ``instance`` with ``data`` applied, and audit the change.

    Call inside ``transaction.atomic()``; raises ``ValidationError`` before anything is written.
    """
    # The stored state, not the instance's: a model form may already have changed the instance.
    stored = stored_version(instance)
    before = snapshot(stored) if stored is not None else None
    many_to_many = assign_fields(instance, data)
    instance.full_clean(exclude=exclude_from_clean)
    instance.save()
    for name, value in many_to_many.items():
        getattr(instance, name).set(value)
    audit_log(
        actor=actor, action=action, instance=instance, before=before, after=snapshot(instance)
    )
    return instance
