"""Load the demo: every installed app that has a ``demo`` module contributes, in INSTALLED_APPS
order. Idempotent: records that exist are kept as they are (edits made in the demo survive)."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from partnerstvo.core.absolute_urls import platform_url, site_root_url


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
        self._print_addresses()
        if accounts:
            self.stdout.write(
                f"\nDemo accounts (log in at {platform_url('/accounts/login/')} or /admin/):"
            )
            width = max(len(email) for _, email, _ in accounts)
            for role, email, password in accounts:
                self.stdout.write(f"  {email.ljust(width)}  {password}  {role}")
            self.stdout.write("")

    def _print_addresses(self) -> None:
        """Where the demo is served: the same base as every absolute URL without a request
        (PLATFORM_BASE_URL), so ``make demo PORT=8123`` prints addresses on port 8123."""
        from wagtail.models import Site

        self.stdout.write(f"\nPortal: {platform_url('/')}")
        sites = Site.objects.filter(is_default_site=False).order_by("hostname")
        for site in sites[:3]:
            self.stdout.write(f"CSO website: {site_root_url(site)}")
        if sites.count() > 3:
            self.stdout.write(f"All CSO websites: {platform_url('/websites/')}")
