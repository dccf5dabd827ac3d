from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("<slug:slug>.pdf", views.resource_pdf, name="pdf"),
]
