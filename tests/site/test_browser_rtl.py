"""Right-to-left languages in a real Chromium with JavaScript off, on a
390 px phone: the whole page is mirrored (the site's name and the menus start
on the right, progress bars fill from the right, charts run from the right),
while save codes and phone numbers stay left to right. Screenshots of every
page kind are kept in test-results/screenshots/rtl-*.png to look at."""

import pytest
from django.utils import translation

from tests.helpers import LANGUAGES, REPO, help_seeker_urls
from tests.png import pixels
from tests.site.test_browser_phones import give_answers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RIGHT_TO_LEFT = [
    lang for lang in LANGUAGES if translation.get_language_info(lang)["bidi"]
]
SCREENSHOTS = REPO / "test-results" / "screenshots"
WIDTH = 390


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def filled_columns(png):
    """The x positions where a progress bar shows its filled colour (the
    site's accent, a dark blue), in any row."""
    found = set()
    for row in pixels(png):
        for x, (r, g, b) in enumerate(row):
            if b > r + 40 and b < 170 and g < 130:
                found.add(x)
    return found


@pytest.fixture
def rtl_page(browser, live_server, program, request):
    lang = request.param
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": WIDTH, "height": 844}
    )
    give_answers(context, live_server.url, program, lang)
    page = context.new_page()
    yield page, lang, live_server.url
    context.close()


@pytest.mark.skipif(not RIGHT_TO_LEFT, reason="no right-to-left language configured")
@pytest.mark.parametrize("rtl_page", RIGHT_TO_LEFT, indirect=True)
def test_right_to_left_pages_are_mirrored(rtl_page, program):
    page, lang, base = rtl_page
    page.goto(f"{base}/{lang}/progress/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    # The site's name on the right, the urgent buttons to its left.
    name, urgent = box(page, ".site-name"), box(page, ".quick-nav")
    assert name["x"] + name["width"] > WIDTH - 40
    assert urgent["x"] < name["x"]
    # The menus start at the right: each next item is left of the one before
    # (or on a new line), and the first is at the right edge.
    for menu in (".main-nav li", ".language-menu li"):
        items = [page.locator(menu).nth(i).bounding_box() for i in range(2)]
        assert items[0]["x"] + items[0]["width"] > WIDTH - 40, menu
        if abs(items[0]["y"] - items[1]["y"]) < 5:
            assert items[1]["x"] < items[0]["x"], menu
    # The paragraphs of the page start at the right edge of the column.
    heading = box(page, "main h1")
    assert heading["x"] + heading["width"] > WIDTH - 40

    # A progress bar a little filled (two steps of the track) fills from the right.
    bar = page.locator("main progress").first
    filled = filled_columns(bar.screenshot())
    width = int(bar.bounding_box()["width"])
    assert filled, "no filled part found"
    assert min(filled) > width / 2, sorted(filled)[:5]

    # The self-check chart: the first answer on the right, the value axis too.
    circles = page.locator("svg.chart--narrow").first.locator("circle")
    xs = [float(circles.nth(i).get_attribute("cx")) for i in range(circles.count())]
    assert len(xs) >= 2, xs
    assert xs == sorted(xs, reverse=True), xs
    ticks = page.locator("svg.chart--narrow").first.locator("text")
    assert float(ticks.first.get_attribute("x")) > 130  # right half of 260


@pytest.mark.skipif(not RIGHT_TO_LEFT, reason="no right-to-left language configured")
@pytest.mark.parametrize("rtl_page", RIGHT_TO_LEFT, indirect=True)
def test_codes_and_numbers_stay_left_to_right_and_every_page_is_shot(rtl_page, program):
    page, lang, base = rtl_page
    page.goto(f"{base}/{lang}/help/")
    numbers = page.locator("a.contact bdi")
    assert numbers.count() > 0
    for i in range(numbers.count()):
        assert numbers.nth(i).evaluate("el => getComputedStyle(el).direction") == "ltr"
    page.goto(f"{base}/{lang}/save/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    code = page.locator(".save-code")
    assert code.evaluate("el => getComputedStyle(el).direction") == "ltr"
    text = code.inner_text().strip()
    # Read from the left: the first group, then its dash.
    assert text[4] == "-", text
    assert text[:4].isalnum(), text

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for url in help_seeker_urls(program, lang):
        page.goto(base + url)
        assert page.locator("html").get_attribute("dir") == "rtl", url
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (url, overflow)
        name = url.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
        page.screenshot(path=str(SCREENSHOTS / f"rtl-{name}.png"), full_page=True)
