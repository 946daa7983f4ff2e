"""Load the demo: every installed app that has a ``demo`` module contributes, in INSTALLED_APPS
order. Idempotent: records that exist are kept as they are (edits made in the demo survive)."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        # The demo is Bulgarian: texts the services take from translations are stored in Bulgarian.
        translation.activate(settings.LANGUAGE_CODE)
        call_command("load_reference_data", verbosity=0)
        accounts: list[tuple[str, str, str]] = []
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("partnerstvo."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                accounts.extend(module.load() or [])
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if accounts:
            self.stdout.write(
                "\nDemo accounts (log in at http://127.0.0.1:8000/accounts/login/ or /admin/):"
            )
            width = max(len(email) for _, email, _ in accounts)
            for role, email, password in accounts:
                self.stdout.write(f"  {email.ljust(width)}  {password}  {role}")
            self.stdout.write("")
