import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selfhelp.settings")

application = get_wsgi_application()

# gunicorn runs no system checks of its own: refuse to serve a deployment
# whose secrets are missing (see modules/journal/checks.py) rather than
# hand out save codes that could never be opened again.
_errors = [e for e in checks.run_checks(tags=["selfhelp"]) if e.is_serious()]
if _errors:
    raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in _errors))
