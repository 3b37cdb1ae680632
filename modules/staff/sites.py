"""The staff side: Django's admin behind a password and a second factor,
with the translators' views and the usage dashboard beside the models."""

from functools import update_wrapper

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.admin import OTPAdminSite

from modules.staff import dashboard, enrol
from modules.staff.signin import StaffSignInForm, has_second_factor
from modules.surveys import research_views as survey_views
from modules.translations.admin_urls import urls as translation_urls


class StaffAdminSite(OTPAdminSite):
    site_header = _("selfhelp: program administration")
    site_title = _("selfhelp administration")
    index_title = _("The program, its translations and its use")
    login_form = StaffSignInForm
    login_template = "admin/login.html"

    def needs_enrolment(self, request):
        """Signed in with the password alone, as an account with no second
        factor yet is: such a session may open only the enrolment page."""
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and not user.is_verified()
            and not has_second_factor(user)
        )

    def admin_view(self, view, cacheable=False):  # noqa: FBT002 (Django's signature)
        """Every admin page, except that a member who has no second factor
        yet is sent to set one up (and may still sign out)."""
        protected = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            if self.needs_enrolment(request):
                if request.path == reverse("admin:logout", current_app=self.name):
                    return self.logout(request)
                return HttpResponseRedirect(
                    reverse("admin:two_factor", current_app=self.name)
                )
            return protected(request, *args, **kwargs)

        # The sign-out shortcut needs the same CSRF check as the real view.
        return update_wrapper(csrf_protect(never_cache(inner)), view)

    def login(self, request, extra_context=None):
        if request.method == "GET" and self.needs_enrolment(request):
            return HttpResponseRedirect(
                reverse("admin:two_factor", current_app=self.name)
            )
        return super().login(request, extra_context)

    def enrolment_view(self, view):
        """For any signed-in staff member, verified or not yet enrolled; the
        view itself decides what each may do."""

        def inner(request):
            user = request.user
            allowed = user.is_active and user.is_staff
            if allowed and not user.is_verified() and has_second_factor(user):
                allowed = False  # has a factor: must sign in with it first
            if not allowed:
                return redirect_to_login(
                    request.get_full_path(),
                    reverse("admin:login", current_app=self.name),
                )
            return view(request, self)

        return csrf_protect(never_cache(update_wrapper(inner, view)))

    def get_urls(self):
        urls = [
            path(
                "account/two-factor/",
                self.enrolment_view(enrol.enrol),
                name="two_factor",
            ),
            path(
                "account/backup-codes/",
                self.admin_view(self._backup_codes),
                name="backup_codes",
            ),
            *translation_urls(self),
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

    def _backup_codes(self, request):
        return enrol.backup_codes(request, self)
