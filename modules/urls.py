from django.urls import path

from modules import views

app_name = "modules"

urlpatterns = [
    path("program/", views.program_list, name="program_list"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("glossary/", views.glossary, name="glossary"),
    path("act-now/", views.act_now, name="act_now"),
]
