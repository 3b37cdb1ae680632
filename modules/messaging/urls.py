from django.urls import path

from modules.messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/start/", views.start, name="start"),
]
