from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject


def language_menu(request):
    """One item per language, linking to this page in that language."""
    current = translation.get_language()
    path = request.path
    items = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            # The page has no counterpart (a 404, say): offer that language's home.
            with translation.override(code):
                url = reverse("home")
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


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        # Built only when a template uses it: the header that shows it is
        # usually served ready-made (selfhelp/templatetags/chrome.py).
        "language_menu": SimpleLazyObject(lambda: language_menu(request)),
    }
