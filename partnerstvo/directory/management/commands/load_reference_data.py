from django.core.management.base import BaseCommand

from partnerstvo.directory.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Load or refresh Bulgaria's oblasts and municipalities from the project's reference data."
    )

    def handle(self, *args, **options):
        created = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data loaded ({created['oblasts']} new oblasts, "
                f"{created['municipalities']} new municipalities)."
            )
        )
