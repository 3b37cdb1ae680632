"""The helpline directory on a phone, in a real Chromium with JavaScript off:
Finnish services first on /fi/help/, numbers to tap, nothing sideways."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize(("width", "height"), [(320, 640), (390, 844)])
def test_finnish_services_first_with_numbers_to_tap(
    browser, live_server, program, width, height
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/fi/help/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    crisis = page.locator("#helplines-crisis ~ .helpline-list > .helpline").first
    assert crisis.locator("h3").inner_text().startswith("MIELI")
    call = crisis.locator('a[href^="tel:"]').first
    assert call.get_attribute("href") == "tel:0925250111"
    box = call.bounding_box()
    assert box["height"] >= 24
    assert box["width"] >= 24
    # Choosing a country is a plain form: the choice lands in the address.
    page.select_option("#id_country", "GB")
    page.click(".country-choice button")
    page.wait_for_load_state("load")
    assert page.url.endswith("/fi/help/?country=GB")
    first = page.locator("#helplines-crisis ~ .helpline-list > .helpline").first
    assert first.locator("h3").inner_text() == "Samaritans"
    context.close()
