"""The project's URLconf (its patterns and error handlers) plus one view that fails, to see the
500 page a visitor would get."""

from django.urls import path

from partnerstvo.urls import *  # noqa: F403 - handler400, handler500 and the rest, as they are
from partnerstvo.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test-server-error/", fail), *project_urlpatterns]
