"""A real e-mail backend whose worker dies while it talks to the relay (as when the process is
killed mid-send): it raises a BaseException, which the worker does not treat as a send error."""

from django.core.mail.backends.base import BaseEmailBackend


class WorkerKilled(BaseException):
    """The worker process ended in the middle of a send (SIGKILL, OOM, a power cut)."""


class DyingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise WorkerKilled("killed mid-send")
