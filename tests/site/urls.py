"""The site's URLs plus one view that fails, for the server-error tests
(``settings.ROOT_URLCONF = "tests.site.urls"``)."""

from django.urls import path

from selfhelp import urls as site_urls


def _boom(request):
    raise RuntimeError("something broke")


urlpatterns = [
    path("fi/boom/", _boom),
    path("en/boom/", _boom),
    *site_urls.urlpatterns,
]
handler500 = site_urls.handler500
