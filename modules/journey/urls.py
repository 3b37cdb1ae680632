from django.urls import path

from modules.journey import views

app_name = "journey"

# The address says "program" (the whole self-help program); each track is one
# way through it.
urlpatterns = [
    path("program/", views.track_list, name="track_list"),
    path("program/<slug:track>/", views.track_detail, name="track"),
    path("program/<slug:track>/<slug:stage>/", views.stage_detail, name="stage"),
    path(
        "program/<slug:track>/<slug:stage>/summary/",
        views.stage_summary,
        name="stage_summary",
    ),
    path("program/<slug:track>/<slug:stage>/<slug:step>/", views.step, name="step"),
    path("plan/", views.plan, name="plan"),
    path("plan/workbook/", views.workbook, name="workbook"),
    path("progress/", views.progress, name="progress"),
    path("diary/", views.diary, name="diary"),
    path("act-now/", views.act_now, name="act_now"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("glossary/", views.glossary, name="glossary"),
]
