from modules.journal.session import JournalSession


class JournalMiddleware:
    """Give each request its ``request.journal``; write the cookie on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.journal = JournalSession(request)
        response = self.get_response(request)
        return request.journal.apply_cookie(response)
