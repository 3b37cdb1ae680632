"""Fixtures for the staff tests."""

import pytest

from tests.helpers import STAFF_PASSWORD


@pytest.fixture
def enrolled(db):
    """An administrator ("editor1") with a confirmed authenticator app."""
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.create_user(
        "editor1", password=STAFF_PASSWORD, is_staff=True, is_superuser=True
    )
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device
