"""Log lines as JSON objects with the request id, for Django (settings.LOGGING) and for gunicorn
(lederspor/gunicorn_conf.py) alike (issue #17 §3; docs/operations.md "Logning").

One line is one JSON object: ``{"time": "2026-12-06T08:00:00.123456+00:00", "level": "INFO",
"logger": "lederspor.notifications.tasks", "message": "…", "request_id": "3f2c…"}`` plus any
extra fields of the record (python-json-logger). The request id comes from django-guid (the
load balancer's X-Request-ID when it is a valid UUID, else a new one); a gunicorn access line
takes it from the response's X-Request-ID header. Outside a request it is null.

Plain Python and django-guid's context variable only: gunicorn's master process reads this
before Django is set up.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django_guid.context import guid

#: the values of LOG_FORMAT
LOG_FORMATS = ("json", "text")
#: the gunicorn access-log atom of the response's X-Request-ID header
ACCESS_REQUEST_ID_ATOM = "{x-request-id}o"


def log_format(*, development: bool) -> str:
    """LOG_FORMAT from the environment, lower-cased: "json" or "text"; unset means "text" in
    development mode (LEDERSPOR_DEV, DEBUG, the tests) and "json" otherwise. Raises ValueError
    for any other value."""
    value = os.environ.get("LOG_FORMAT", "").strip().lower() or ("text" if development else "json")
    if value not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be 'json' or 'text', got {value!r}")
    return value


class RequestIdFilter(logging.Filter):
    """Sets `record.request_id`: the id of the request being served (django-guid's context
    variable), or on a gunicorn access line the response's X-Request-ID; None outside a
    request. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = guid.get()
        if isinstance(record.args, dict):  # gunicorn's access atoms ("-" when missing)
            try:
                header = record.args[ACCESS_REQUEST_ID_ATOM]
            except KeyError:
                header = None
            request_id = header if header and header != "-" else None
        record.request_id = request_id
        return True


def filters() -> dict[str, Any]:
    """The `filters` section of a logging configuration: "request_id" (`RequestIdFilter`)."""
    return {"request_id": {"()": f"{__name__}.RequestIdFilter"}}


def formatters() -> dict[str, Any]:
    """The `formatters` section: "json" (python-json-logger: time, level, logger, message,
    request_id and the record's extra fields) and "text" (one plain line with the id)."""
    return {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", "request_id"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    }


def console_handler(fmt: str) -> dict[str, Any]:
    """A handler writing to standard error in the format `fmt` ("json" or "text")."""
    return {
        "class": "logging.StreamHandler",
        "formatter": fmt,
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }


def gunicorn_logconfig(fmt: str) -> dict[str, Any]:
    """gunicorn's `logconfig_dict`: its error and access logs in the format `fmt` on standard
    error, each line once (not propagated to the root logger)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": filters(),
        "formatters": formatters(),
        "handlers": {"console": console_handler(fmt)},
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
