from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand

from partnerstvo.core.bench import Report


class Command(BaseCommand):
    help = (
        "Build each app's scale data (once) and time what matters; see partnerstvo/core/bench.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="app labels to benchmark (default: all)")
        parser.add_argument("--scale", choices=["small", "full"], default="full")

    def handle(self, *args, only=None, scale="full", **options):
        report = Report()
        for config in apps.get_app_configs():
            if not config.name.startswith("partnerstvo.") or (only and config.label not in only):
                continue
            try:
                module = import_module(f"{config.name}.benchmarks")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.benchmarks":
                    raise
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"{config.label} ({scale})"))
            module.run(report=report, scale=scale)
        path = report.save()
        self.stdout.write(self.style.SUCCESS(f"Results written to {path}"))
