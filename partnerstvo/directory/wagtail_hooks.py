from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partnerstvo.core.permissions import user_can

from . import admin_import
from .admin import DirectoryViewSetGroup
from .models import Organisation


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


_import_urls = (
    [
        path("", admin_import.ImportUploadView.as_view(), name="upload"),
        path("<int:pk>/", admin_import.ImportPreviewView.as_view(), name="preview"),
    ],
    "directory_import",
)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("directory/import/", include(_import_urls))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can(request.user, "import", Organisation)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import organisations"),
        reverse("directory_import:upload"),
        icon_name="upload",
        order=210,
    )
