"""A real e-mail backend whose transport is down (raises like an unreachable SMTP server)."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP nede")
