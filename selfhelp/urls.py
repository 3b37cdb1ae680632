from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from selfhelp import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.ADMIN_ENABLED:
    urlpatterns.append(path(settings.ADMIN_PATH, admin.site.urls))

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("help/", views.get_help, name="get_help"),
    path("leave/", views.leave, name="leave"),
    path("", include("modules.journey.urls")),
    path("", include("modules.journal.urls")),
    path("", include("modules.surveys.urls")),
    path("", include("modules.messaging.urls")),
    prefix_default_language=True,
)

handler400 = "selfhelp.views.bad_request"
handler403 = "selfhelp.views.permission_denied"
handler404 = "selfhelp.views.page_not_found"
handler500 = "selfhelp.views.server_error"
