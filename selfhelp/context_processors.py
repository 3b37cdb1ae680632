from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from modules.content.markdown import link_allowed
from modules.translations import offered


def language_menu(request):
    """One item per language, linking to this page in that language."""
    current = translation.get_language()
    path = request.path
    # The page's state travels along (a prompt after saving, the act-now
    # check-in, the chosen country), so switching language loses nothing.
    query = request.GET.urlencode() if request.method in ("GET", "HEAD") else ""
    items = []
    for code in offered.languages():
        url = translate_url(path, code)
        if url == path and code != current:
            # The page has no counterpart (a 404, say): offer that language's home.
            with translation.override(code):
                url = reverse("home")
        elif query:
            url = f"{url}?{query}"
        info = translation.get_language_info(code)
        items.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "is_current": code == current,
            }
        )
    return items


def operator():
    """Who runs this site and how to reach them (settings), for the footer,
    the about page and the accessibility statement."""
    contact = settings.OPERATOR_CONTACT
    href = ""
    if "@" in contact and "/" not in contact and " " not in contact:
        href = f"mailto:{contact}"
    elif link_allowed(contact, {h.strip().lower() for h in settings.LINK_HOSTS}) and (
        "://" in contact
    ):
        href = contact
    return {
        "name": settings.OPERATOR_NAME,
        "description": settings.OPERATOR_DESCRIPTION,
        "contact": contact,
        "contact_href": href,
    }


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "OPERATOR": operator(),
        # Built only when a template uses it: the header that shows it is
        # usually served ready-made (selfhelp/templatetags/chrome.py).
        "language_menu": SimpleLazyObject(lambda: language_menu(request)),
    }
