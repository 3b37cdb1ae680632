"""The Content-Security-Policy allows no inline style: a `style` attribute in
a template would simply not apply (staff pages included), so every look comes
from a stylesheet."""

import re

from tests.helpers import REPO

STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle=", re.S)


def test_no_template_uses_an_inline_style_attribute():
    found = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "templates").rglob("*.html"))
        if STYLE_ATTRIBUTE.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_every_admin_page_links_the_staff_stylesheet(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert re.search(r'href="/static/css/staff\.[0-9a-f]+\.css"', html), html[:500]
