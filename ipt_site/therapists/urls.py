app_name = "therapists"

urlpatterns = []
