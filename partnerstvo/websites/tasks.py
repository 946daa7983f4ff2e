"""Background work of CSO websites."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import CsoWebsite
from .selectors import stale_pages


@task()
def send_stale_site_reminders(*, base_url: str = "") -> int:
    """E-mail the editors of every online site that has stale pages; return how many sites.

    Enqueued daily by ``manage.py send_stale_site_reminders`` (cron or a scheduler); runs in a
    worker (``manage.py db_worker``) in production.
    """
    base_url = base_url or settings.PLATFORM_BASE_URL
    messages = []
    websites = CsoWebsite.objects.filter(is_active=True).select_related(
        "organisation", "site", "site__root_page", "editors_group"
    )
    for website in websites.iterator(chunk_size=200):
        pages = list(stale_pages(website=website)[:20])
        if not pages:
            continue
        recipients = list(
            website.editors_group.user_set.filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("%(site)s: pages waiting for an update") % {"site": website.site.site_name}
            lines = [
                _("These pages of %(site)s have not been updated for more than %(days)s days:")
                % {"site": website.site.hostname, "days": website.stale_after_days},
                "",
                *[f"- {page.title}: {base_url}/admin/pages/{page.pk}/edit/" for page in pages],
                "",
                _("Current and accurate information is what makes a CSO's website worth visiting."),
            ]
        messages.append((subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)
