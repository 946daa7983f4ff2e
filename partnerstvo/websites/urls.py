app_name = "websites"

urlpatterns: list = []
