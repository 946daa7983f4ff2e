from django.urls import include, path

app_name = "events"

urlpatterns = [
    path("", include("partnerstvo.events.urls_meetings")),
]
