"""Act now: a check-in first, then the helplines for whoever still needs them."""

import pytest


@pytest.mark.django_db
def test_act_now_checks_in_and_then_offers_contacts(client, program_loaded):
    html = client.get("/fi/act-now/").content.decode()
    assert 'name="eased" value="yes"' in html
    assert 'name="eased" value="no"' in html
    still = client.get("/fi/act-now/?eased=no").content.decode()
    assert "helpline-list" in still
    eased = client.get("/fi/act-now/?eased=yes").content.decode()
    assert "helpline-list" not in eased
