"""The staff side: Django's admin behind a password and a second factor,
with the translators' views and the usage dashboard beside the models."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from modules.staff import dashboard
from modules.staff.signin import StaffSignInForm
from modules.surveys import research_views as survey_views
from modules.translations import admin_views as translation_views


class StaffAdminSite(OTPAdminSite):
    site_header = _("selfhelp: program administration")
    site_title = _("selfhelp administration")
    index_title = _("The program, its translations and its use")
    login_form = StaffSignInForm
    login_template = "admin/login.html"

    def get_urls(self):
        urls = [
            path(
                "translations/",
                self.admin_view(translation_views.overview),
                name="translations",
            ),
            path(
                "translations/export/",
                self.admin_view(translation_views.export),
                name="translations_export",
            ),
            path(
                "translations/<str:lang>/",
                self.admin_view(translation_views.edit),
                name="translations_edit",
            ),
            path(
                "translations/<str:lang>/download/",
                self.admin_view(translation_views.download),
                name="translations_download",
            ),
            path(
                "translations/<str:lang>/upload/",
                self.admin_view(translation_views.upload),
                name="translations_upload",
            ),
            path("dashboard/", self.admin_view(dashboard.dashboard), name="dashboard"),
            path(
                "dashboard.csv",
                self.admin_view(dashboard.dashboard_csv),
                name="dashboard_csv",
            ),
            path(
                "survey-results/",
                self.admin_view(survey_views.survey_list),
                name="survey_list",
            ),
            path(
                "survey-results/<slug:slug>/",
                self.admin_view(survey_views.survey_detail),
                name="survey_results",
            ),
            path(
                "survey-results/<slug:slug>/results.csv",
                self.admin_view(survey_views.survey_csv),
                name="survey_results_csv",
            ),
            path(
                "survey-results/<slug:slug>/codebook.csv",
                self.admin_view(survey_views.survey_codebook_csv),
                name="survey_results_codebook",
            ),
            path(
                "survey-results/<slug:slug>/results.json",
                self.admin_view(survey_views.survey_json),
                name="survey_results_json",
            ),
            path("_nested_admin/", include("nested_admin.urls")),
        ]
        return urls + super().get_urls()
