from django.urls import path

from modules.surveys import views

app_name = "surveys"

urlpatterns = [
    path("survey/<slug:slug>/", views.survey, name="survey"),
    path("survey/<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("survey/<slug:slug>/in-program/", views.survey_in_track, name="in_track"),
    path(
        "survey/<slug:slug>/in-program/thanks/",
        views.thanks,
        {"in_track": True},
        name="thanks_in_track",
    ),
    path("survey/<slug:slug>/in-program/skip/", views.skip, name="skip"),
]
