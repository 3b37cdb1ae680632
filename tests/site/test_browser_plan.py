"""My plan in a real Chromium with JavaScript off: each part is changed on
/plan/ itself, and a full plan prints on at most two A4 pages."""

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINE = "Something concrete I will do, written in a few plain words ({})"


def test_my_plan_is_edited_in_place_and_prints_on_two_pages(
    browser, live_server, program
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/en/plan/")
    numbers = [
        a.get_attribute("href")
        for a in page.locator('a.edit-link[href^="?edit="]').all()
    ]
    assert len(numbers) >= 6
    for href in numbers:
        page.goto(f"{live_server.url}/en/plan/{href}")
        areas = page.locator(".plan-form textarea")
        if href.startswith("?edit=helpline"):
            page.select_option("#id_helpline", "mieli-kriisipuhelin")
        for i in range(areas.count()):
            areas.nth(i).fill(
                "\n".join(LINE.format(f"{href}-{i}-{n}") for n in range(3))
            )
        page.click(".plan-section button[type=submit]")
        page.wait_for_load_state("load")
        assert re.search(r"/en/plan/#plan-", page.url), page.url
    assert page.locator(".plan-items li").count() >= 20
    assert page.locator('#plan-helpline a[href="tel:0925250111"]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages
    context.close()
