from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partnerstvo.core.permissions import user_can

from .admin import TrainingsViewSetGroup
from .models import Course


@hooks.register("register_admin_viewset")
def register_trainings_viewsets():
    return TrainingsViewSetGroup()


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can(request.user, "view_reports", Course)


@hooks.register("register_admin_menu_item")
def register_training_reports_menu_item():
    return ReportsMenuItem(
        _("Training reports"), reverse("trainings:reports"), icon_name="table", order=310
    )
