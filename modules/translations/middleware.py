"""Addresses in a language that is configured but not offered yet."""

from django.http import Http404
from django.utils import translation

from modules.translations import offered
from modules.translations.files import SOURCE_LANGUAGE


class OfferedLanguagesMiddleware:
    """A page in a language whose catalogues are not complete is not found
    (in English, with the menu of the languages that are offered), rather than
    shown half in English. Staff still preview every configured language in
    the admin (content/drafts.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = translation.get_language_from_path(request.path_info)
        if code and code != SOURCE_LANGUAGE and not offered.is_offered(code):
            translation.activate(SOURCE_LANGUAGE)
            request.LANGUAGE_CODE = SOURCE_LANGUAGE
            raise Http404
        return self.get_response(request)
