"""Sites turned on before their pages were published through revisions have live pages with no
publication date: "last updated" showed nothing and ``<time datetime="">``. Give those pages the
moment their website was created, which is when they went live."""

from django.db import migrations, models
from django.db.models.functions import Coalesce


def date_unpublished_pages(apps, schema_editor):
    CsoWebsite = apps.get_model("websites", "CsoWebsite")
    Page = apps.get_model("wagtailcore", "Page")
    for website in CsoWebsite.objects.select_related("site__root_page").iterator():
        root = website.site.root_page
        Page.objects.filter(
            path__startswith=root.path, live=True, last_published_at__isnull=True
        ).update(
            first_published_at=Coalesce(
                "first_published_at", models.Value(website.created_at, models.DateTimeField())
            ),
            last_published_at=website.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("websites", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(date_unpublished_pages, migrations.RunPython.noop)]
