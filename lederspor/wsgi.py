"""WSGI entry point: `gunicorn lederspor.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lederspor.settings")
application = get_wsgi_application()
