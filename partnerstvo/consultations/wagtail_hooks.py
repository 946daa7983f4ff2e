from wagtail import hooks

from .admin import ConsultationsViewSetGroup


@hooks.register("register_admin_viewset")
def register_consultations_viewsets():
    return ConsultationsViewSetGroup()
