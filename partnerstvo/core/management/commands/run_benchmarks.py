import inspect
import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand

from partnerstvo.core.bench import Report, load_average
from partnerstvo.core.cache import cache_clear_own_keys


class Command(BaseCommand):
    help = (
        "Build each app's scale data (once) and measure what users get over HTTP; "
        "see partnerstvo/core/bench.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="app labels to benchmark (default: all)")
        parser.add_argument("--scale", choices=["small", "full"], default="full")
        parser.add_argument(
            "--quick",
            action="store_true",
            help="small scale and short rounds (about two minutes once the data is built)",
        )

    def handle(self, *args, only=None, scale="full", quick=False, **options):
        if quick:
            scale = "small"
        # The bench database may have been rebuilt since the last run; Redis keeps its keys.
        cache_clear_own_keys()
        report = Report()
        started = time.monotonic()
        report.fact("load average at start", load_average())
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
            if "quick" in inspect.signature(module.run).parameters:
                module.run(report=report, scale=scale, quick=quick)
            else:
                module.run(report=report, scale=scale)
        report.fact("bench seconds", round(time.monotonic() - started))
        self.stdout.write(report.summary())
        path = report.save()
        self.stdout.write(self.style.SUCCESS(f"Results written to {path}"))
