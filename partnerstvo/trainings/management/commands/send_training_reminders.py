"""Send the reminder e-mails (with the session as .ics) of sessions starting within a day.
Run it from cron or a scheduler every hour or so; a session is reminded once."""

import datetime

from django.core.management.base import BaseCommand

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings.services import session_reminders_send


class Command(BaseCommand):
    help = "E-mail reminders of training sessions that start within the next HOURS (default 24)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours=24, **options):
        count = session_reminders_send(actor=SYSTEM, ahead=datetime.timedelta(hours=hours))
        self.stdout.write(f"Reminders sent for {count} sessions.")
