"""`lederspor demo`: migrate, build the demo municipality (once) and serve it on 127.0.0.1.

uv run lederspor demo               # migrate, build if missing, serve on :8000
uv run lederspor demo --port 8080   # another port
uv run lederspor demo --no-serve    # set up and print the logins only
uv run lederspor demo --reset       # empty the database first and build afresh
uv run lederspor demo --no-build    # serve the database as it is (no demo built if missing)
LEDERSPOR_2FA_REQUIRED=1 uv run lederspor demo   # with two-factor for administrators and HR staff
uv run lederspor demo --sso-test-provider  # also sign in through a local OpenID provider

While serving, a background worker (`lederspor worker`) runs beside the web server and writes
the e-mails it sends to settings.EMAIL_FILE_PATH (data/mail/ unless configured).

With --sso-test-provider the demo also starts the local OpenID provider from
tools/oidc-test-provider (needs node and npm; installs its packages at the first start) with the
demo's active persons as its accounts, and serves with SSO on against it (docs/sso.md).
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import override_settings

from lederspor.accounts.oidc_local_provider import (
    LocalProvider,
    LocalProviderMissing,
    provider_config,
    sso_settings_for,
    start_local_provider,
)
from lederspor.people.models import Person
from lederspor.site.demo import (
    DEMO_PASSWORD,
    MUNICIPALITY_NAME,
    build_demo,
    demo_exists,
    demo_logins,
    demo_summary,
)

TWO_FACTOR_VARIABLE = "LEDERSPOR_2FA_REQUIRED"


def two_factor_line() -> str:
    """The printed line that says whether the demo asks administrators and HR staff for
    two-factor (docs/operations.md, "To-faktor")."""
    if settings.LEDERSPOR_2FA_REQUIRED:
        return (
            "To-faktor er slået til: administrator og HR-medarbejdere sætter en "
            "godkendelsesapp op første gang, de logger ind."
        )
    return (
        "To-faktor er slået fra i demoen, så logins virker uden godkendelsesapp. "
        f"Slå det til med {TWO_FACTOR_VARIABLE}=1 lederspor demo."
    )


class Command(BaseCommand):
    help = "Opret en demokommune med demo-logins for hver rolle og start webserveren."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port (standard 8000).")
        parser.add_argument(
            "--no-serve", action="store_true", help="Opret kun data; start ikke webserveren."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Tøm databasen og opret demodata forfra."
        )
        parser.add_argument(
            "--no-build",
            action="store_true",
            help="Opret ikke demodata, hvis de mangler; server databasen, som den er.",
        )
        parser.add_argument(
            "--sso-test-provider",
            action="store_true",
            help="Start også en lokal OpenID-udbyder (tools/oidc-test-provider) med demoens "
            "medarbejdere og log ind med SSO gennem den (docs/sso.md).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sso_test_provider"] and options["no_serve"]:
            raise CommandError("--sso-test-provider virker kun, når demoen serveres.")
        started = time.monotonic()
        if TWO_FACTOR_VARIABLE not in os.environ:
            # the demo's logins work without an authenticator app (the server runs in this
            # process); LEDERSPOR_2FA_REQUIRED=1 shows two-factor as a municipality has it
            settings.LEDERSPOR_2FA_REQUIRED = False
        out = self.stdout
        out.write("Opdaterer databasen …")
        call_command("migrate", verbosity=0, interactive=False)
        if options["reset"]:
            out.write("Tømmer databasen …")
            call_command("flush", interactive=False, verbosity=0)
        if demo_exists():
            out.write(f"{MUNICIPALITY_NAME} findes allerede – bruger de eksisterende demodata.")
            logins = demo_logins()
            if logins is None:
                raise CommandError(
                    "Demokommunen findes, men dens logins er ikke registreret. "
                    "Kør `lederspor demo --reset` for at oprette demodata forfra."
                )
        elif options["no_build"]:
            out.write(f"{MUNICIPALITY_NAME} findes ikke og oprettes ikke (--no-build).")
            logins = None
        else:
            out.write(f"Opretter {MUNICIPALITY_NAME} med medarbejdere, hold og opgaver …")
            logins = build_demo()
        if logins is not None:
            counts = demo_summary()
            out.write(
                f"{counts['departments']} forvaltninger, {counts['areas']} områder, "
                f"{counts['workplaces']} arbejdspladser, {counts['persons']} medarbejdere; "
                f"{counts['enrolled']} aspiranter på det aktive hold med {counts['tasks']} opgaver."
            )
        elapsed = time.monotonic() - started
        out.write(f"Klar på {elapsed:.1f} sekunder.".replace(".", ",", 1))
        if logins is not None:
            out.write("")
            out.write("Demo-logins (rolle: e-mail adgangskode):")
            for role, email in logins:
                out.write(f"{role}: {email} {DEMO_PASSWORD}")
        out.write(two_factor_line())
        port = options["port"]
        out.write("")
        out.write(f"Åbn http://127.0.0.1:{port}/ i en browser.")
        if settings.DEBUG:
            # the demo shows Lederspor as its users see it (issue #16 §4): DEBUG stays off
            # unless someone set DEBUG=1 on purpose
            out.write(
                "DEBUG=1 er sat: fejl vises som Djangos fejlsider, ikke Lederspors danske "
                "404/403-sider. Start demoen uden DEBUG for at se den som brugerne."
            )
        if not options["no_serve"]:
            if "filebased" in settings.EMAIL_BACKEND:
                out.write(f"E-mails skrives som filer i {settings.EMAIL_FILE_PATH}.")
            out.write("Stop serveren med Ctrl+C.")
            worker = subprocess.Popen(
                [sys.executable, "-m", "lederspor.cli", "worker", "--verbosity", "0"]
            )
            # a plain `kill` (SIGTERM) ends the process without unwinding; turn it into an exit
            # so the worker below is stopped too and does not keep running on its own
            signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
            provider = self._start_sso_provider(port) if options["sso_test_provider"] else None
            try:
                if provider is None:
                    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
                else:
                    with override_settings(
                        **sso_settings_for(provider),
                        LEDERSPOR_SSO_LABEL="Log ind med den lokale testudbyder (demo)",
                    ):
                        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
            finally:
                if provider is not None:
                    provider.stop()
                worker.terminate()
                worker.wait(timeout=10)

    def _start_sso_provider(self, port: int) -> LocalProvider:
        """Start the local OpenID provider with the active persons as accounts (login = e-mail,
        any password) for Lederspor on `port`. Raises CommandError if it cannot start."""
        accounts = {
            person.email: {
                "email": person.email,
                "email_verified": True,
                "name": f"{person.first_name} {person.last_name}",
                "given_name": person.first_name,
                "family_name": person.last_name,
                "employee_number": person.employee_number,
            }
            for person in Person.objects.filter(is_active=True).order_by("pk")
        }
        base_urls = [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
        try:
            provider = start_local_provider(
                provider_config(base_urls=base_urls, accounts=accounts, test_endpoints=False)
            )
        except (LocalProviderMissing, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        self.stdout.write(f"Lokal OpenID-udbyder (kun til demo og test): {provider.issuer}")
        self.stdout.write(
            "Log ind med knappen »Log ind med den lokale testudbyder (demo)« og en medarbejders "
            "e-mail (enhver adgangskode) på udbyderens egen side."
        )
        return provider
