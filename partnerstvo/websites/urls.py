from django.urls import path

from . import views

app_name = "websites"

urlpatterns = [
    path("websites/", views.website_list, name="website-list"),
]
