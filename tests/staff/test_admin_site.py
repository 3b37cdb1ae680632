"""Where the admin lives: at a path from the settings, or nowhere at all."""

from importlib import reload

import pytest
from django.test import override_settings
from django.urls import clear_url_caches


class admin_settings:
    """Override admin settings and rebuild the URLs, then put both back."""

    def __init__(self, **overrides):
        self.override = override_settings(**overrides)

    @staticmethod
    def _reload():
        import selfhelp.urls

        reload(selfhelp.urls)
        clear_url_caches()

    def __enter__(self):
        self.override.enable()
        self._reload()

    def __exit__(self, *exc):
        self.override.disable()
        self._reload()


@pytest.mark.django_db
def test_admin_is_gone_when_switched_off(client, program_loaded):
    with admin_settings(ADMIN_ENABLED=False):
        assert client.get("/admin/").status_code == 404
        assert client.get("/admin/login/").status_code == 404
        for url in ("/en/", "/en/program/stop/", "/fi/help/", "/en/no-such-page/"):
            assert "/admin" not in client.get(url).content.decode()
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_admin_path_comes_from_the_settings(client, enrolled):
    with admin_settings(ADMIN_PATH="staff-only-7f3/"):
        assert client.get("/admin/").status_code == 404
        assert client.get("/staff-only-7f3/login/").status_code == 200
