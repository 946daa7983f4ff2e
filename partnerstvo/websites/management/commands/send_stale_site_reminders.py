from django.core.management.base import BaseCommand

from partnerstvo.websites.tasks import send_stale_site_reminders


class Command(BaseCommand):
    help = "Enqueue the reminder e-mails to editors of sites with stale pages (run it daily)."

    def handle(self, *args, **options):
        result = send_stale_site_reminders.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Enqueued reminders (task {result.id})."))
