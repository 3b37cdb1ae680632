from django.urls import path

from modules import views

app_name = "modules"

urlpatterns = [
    path("program/", views.program_list, name="program_list"),
    path("program/<slug:program>/", views.program_detail, name="program_detail"),
    path(
        "program/<slug:program>/<slug:stage>/", views.stage_detail, name="stage_detail"
    ),
    path(
        "program/<slug:program>/<slug:stage>/summary/",
        views.stage_summary,
        name="stage_summary",
    ),
    path("program/<slug:program>/<slug:stage>/<slug:step>/", views.step, name="step"),
    path("plan/", views.plan, name="plan"),
    path("plan/workbook/", views.workbook, name="workbook"),
    path("progress/", views.progress, name="progress"),
    path("diary/", views.diary, name="diary"),
    path("save/", views.save_progress, name="save"),
    path("continue/", views.continue_with_code, name="continue"),
    path("delete/", views.delete_everything, name="delete"),
    path("act-now/", views.act_now, name="act_now"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("glossary/", views.glossary, name="glossary"),
]
