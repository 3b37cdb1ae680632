import logging


class DropRequestDetails(logging.Filter):
    """Remove the request (and so its IP address, user agent and referrer)
    from log records before any handler sees them."""

    def filter(self, record):
        for name in ("request", "scope"):
            if hasattr(record, name):
                delattr(record, name)
        return True
