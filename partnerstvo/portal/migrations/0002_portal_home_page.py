"""Replace Wagtail's "Welcome" page with the portal home page and point the default site at it."""

from django.db import migrations


def create_portal_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    PortalHomePage = apps.get_model("portal.PortalHomePage")

    if PortalHomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="portalhomepage", app_label="portal")
    locale = Locale.objects.first()
    # Treebeard's materialised path: each child of the root is 0001 and four base-36 digits.
    siblings = Page.objects.filter(depth=2).order_by("-path").values_list("path", flat=True)
    last = int(siblings[0][-4:], 36) if siblings else 0
    path = root.path + _to_base36(last + 1).rjust(4, "0")
    home = PortalHomePage.objects.create(
        title="Партньорство",
        draft_title="Партньорство",
        slug="home",
        content_type=content_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale.pk if locale else None,
        live=True,
        intro="",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk,
                  "site_name": "Партньорство"},
    )


def _to_base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, remainder = divmod(number, 36)
        out = digits[remainder] + out
        if number == 0:
            return out


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_portal_home, migrations.RunPython.noop)]
