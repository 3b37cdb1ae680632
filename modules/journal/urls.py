from django.urls import path

from modules.journal import views

app_name = "journal"

urlpatterns = [
    path("save/", views.save_progress, name="save"),
    path("continue/", views.continue_with_code, name="continue"),
    path("delete/", views.delete_everything, name="delete"),
]
