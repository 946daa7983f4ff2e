from wagtail import hooks

from .admin import PracticesViewSetGroup


@hooks.register("register_admin_viewset")
def register_practices_viewsets():
    return PracticesViewSetGroup()
