"""With the optional HTTPS clearnet mirror switched on, only requests for the
clearnet host are sent to HTTPS and get HSTS; the onion is never redirected
and never gets HSTS (there is no certificate for it, and a redirect to
https://<onion>/ would leave the visitor with an error page)."""

import importlib.util

import pytest
from django.test import Client, override_settings

from tests.helpers import REPO
from tests.site.servers import ONION

CLEARNET = "help.example.org"


def deployment_settings(monkeypatch, **env):
    """The security settings selfhelp/settings.py makes for ``env``, read from a
    fresh copy of the module (the running settings stay as they are)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "selfhelp_settings_under_test", REPO / "selfhelp" / "settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = {
        "ALLOWED_HOSTS",
        "ONION_HOST",
        "CLEARNET_HOST",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    }
    return {
        name: getattr(module, name)
        for name in dir(module)
        if name in names or name.startswith(("SECURE_", "CLEARNET_"))
    }


@pytest.fixture
def mirror(monkeypatch):
    values = deployment_settings(
        monkeypatch, SELFHELP_ONION_HOST=ONION, SELFHELP_CLEARNET_HOST=CLEARNET
    )
    with override_settings(**values):
        yield


@pytest.mark.django_db
def test_the_onion_is_never_redirected_and_never_gets_hsts(program_loaded, mirror):
    onion = Client().get("/en/", HTTP_HOST=ONION)
    assert onion.status_code == 200
    assert "Strict-Transport-Security" not in onion
    # Even when a request for the onion claims to have come over HTTPS.
    claimed = Client().get("/en/", HTTP_HOST=ONION, HTTP_X_FORWARDED_PROTO="https")
    assert claimed.status_code == 200
    assert "Strict-Transport-Security" not in claimed
    assert "Onion-Location" not in claimed


@pytest.mark.django_db
def test_the_clearnet_host_is_https_only_with_hsts(program_loaded, mirror):
    plain = Client().get("/en/privacy/?x=1", HTTP_HOST=CLEARNET)
    assert plain.status_code == 301
    assert plain["Location"] == f"https://{CLEARNET}/en/privacy/?x=1"
    assert "Strict-Transport-Security" not in plain
    secure = Client().get("/en/", HTTP_HOST=CLEARNET, HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
    assert secure["Onion-Location"] == f"http://{ONION}/en/"


@pytest.mark.django_db
def test_an_onion_only_deployment_never_redirects_or_sends_hsts(
    program_loaded, monkeypatch
):
    values = deployment_settings(
        monkeypatch, SELFHELP_ONION_HOST=ONION, SELFHELP_CLEARNET_HOST=""
    )
    with override_settings(**values):
        response = Client().get("/en/", HTTP_HOST=ONION, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
