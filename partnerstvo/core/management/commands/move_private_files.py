"""Move private files that an earlier version left in public media into the private storage.

Every file field whose storage is the private one (certificate archives, report exports, signed
sheets, ...) is walked: a file still found under ``MEDIA_ROOT`` moves to the private root under a
new random name, the row is updated, and the old name is kept as the download name in the
``<field>_name`` column when the model has one and it is empty. Wagtail documents move from
``MEDIA_ROOT/documents/`` to ``PRIVATE_MEDIA_ROOT/documents/`` under the same names (their rows do
not change). Safe to run again: what is already private is left alone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.db import models, transaction

from partnerstvo.core.files import DOCUMENTS_PREFIX, PrivateStorage


def private_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and isinstance(field.storage, PrivateStorage):
                found.append((model, field))
    return found


class Command(BaseCommand):
    help = "Move private files left in public media into the private storage, renamed."

    def handle(self, *args, **options):
        public_root = Path(settings.MEDIA_ROOT)
        private = storages["private"]
        moved = 0
        for model, field in private_file_fields():
            name_field = f"{field.name}_name"
            has_name_field = any(f.name == name_field for f in model._meta.concrete_fields)
            rows = model._default_manager.exclude(**{field.name: ""}).exclude(
                **{f"{field.name}__isnull": True}
            )
            for instance in rows.iterator():
                old = getattr(instance, field.attname)
                old_name = old.name if hasattr(old, "name") else str(old)
                source = public_root / old_name
                if private.exists(old_name) or not source.is_file():
                    continue
                new_name = field.generate_filename(instance, os.path.basename(old_name))
                with source.open("rb") as handle:
                    new_name = private.save(new_name, handle)
                changes = {field.name: new_name}
                if has_name_field and not getattr(instance, name_field):
                    changes[name_field] = os.path.basename(old_name)[:255]
                with transaction.atomic():
                    model._default_manager.filter(pk=instance.pk).update(**changes)
                source.unlink()
                moved += 1
        documents = public_root / DOCUMENTS_PREFIX
        if documents.is_dir():
            target_root = Path(settings.PRIVATE_MEDIA_ROOT) / DOCUMENTS_PREFIX
            for source in sorted(p for p in documents.rglob("*") if p.is_file()):
                target = target_root / source.relative_to(documents)
                if target.exists():
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, target)
                moved += 1
        self.stdout.write(f"{moved} private files moved out of public media.")
