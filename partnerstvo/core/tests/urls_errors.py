"""The project's URLs plus one view that fails, to see the 500 page a visitor would get."""

from django.urls import path

from partnerstvo.urls import handler400, handler500  # noqa: F401
from partnerstvo.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test-server-error/", fail), *project_urlpatterns]
