"""The local OpenID provider for tests and the demo: starts `tools/oidc-test-provider/server.mjs`
(panva's oidc-provider, installed from the lock file with `npm ci` at the first start when it is
missing) on a free port.
Never used in production: it accepts any password and has test-only endpoints (docs/sso.md)."""

import fcntl
import json
import select
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from django.conf import settings

PROVIDER_DIR = Path(settings.BASE_DIR) / "tools" / "oidc-test-provider"
CLIENT_ID = "lederspor"
CLIENT_SECRET = "lederspor-test-secret"  # noqa: S105 (the local test provider's, not a secret)
#: a client the provider gives ID tokens for another audience (the provider's `misbehave`)
WRONG_AUDIENCE_CLIENT_ID = "lederspor-wrong-audience"


class LocalProviderMissing(RuntimeError):
    """node or the provider's npm packages are not installed."""


@dataclass
class LocalProvider:
    """A running test provider: its issuer and process, and the config it was started with."""

    issuer: str
    process: "subprocess.Popen[str]"
    config: dict[str, Any] = field(default_factory=dict)

    def set_account(self, login: str, claims: dict[str, Any]) -> None:
        """Replace the claims of `login` at the provider (as its administrator would).

        Raises requests.HTTPError when the provider refuses."""
        response = requests.put(
            f"{self.issuer}/_test/accounts/{login}", data=json.dumps(claims), timeout=5
        )
        response.raise_for_status()

    def reset_accounts(self) -> None:
        """Give every account back the claims of the config it was started with."""
        for login, claims in self.config["accounts"].items():
            self.set_account(login, claims)

    def stop(self) -> None:
        """End the provider's process (SIGTERM, then SIGKILL after 5 seconds)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def provider_config(
    *, base_urls: list[str], accounts: dict[str, dict[str, Any]], test_endpoints: bool = True
) -> dict[str, Any]:
    """The JSON config of a provider whose clients send the browser back to Lederspor at any of
    `base_urls` (e.g. "http://127.0.0.1:8000"), with `accounts` (login → claims). With
    `test_endpoints`, the provider also offers the bad cases the tests need: the endpoint that
    changes an account, a rogue key set, and a client whose ID tokens name another audience."""
    client = {
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{url}/oidc/callback/" for url in base_urls],
        "post_logout_redirect_uris": [f"{url}/login/" for url in base_urls],
    }
    config: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": 0,
        "clients": [{"client_id": CLIENT_ID, **client}],
        "accounts": accounts,
        "test_endpoints": test_endpoints,
    }
    if test_endpoints:
        config["clients"].append({"client_id": WRONG_AUDIENCE_CLIENT_ID, **client})
        config["misbehave"] = {WRONG_AUDIENCE_CLIENT_ID: {"aud": "another-application"}}
    return config


def provider_packages_install() -> None:
    """Install the provider's npm packages from its lock file (`npm ci`) when they are missing,
    so that `uv run pytest` and `lederspor demo --sso-test-provider` work on a fresh clone.
    Several test processes may ask at once: a file lock lets one install and the others wait.

    Raises LocalProviderMissing when npm is not installed or `npm ci` fails."""
    installed = PROVIDER_DIR / "node_modules" / "oidc-provider"
    if installed.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise LocalProviderMissing("the local OpenID provider needs npm to install its packages")
    with (PROVIDER_DIR / ".npm-install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed.exists():
            return
        result = subprocess.run(  # noqa: S603 (npm from PATH, fixed arguments)
            [npm, "ci", "--prefix", str(PROVIDER_DIR), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise LocalProviderMissing(f"npm ci failed: {result.stderr[-2000:]}")


def start_local_provider(config: dict[str, Any]) -> LocalProvider:
    """Start the provider with `config` and return once it listens.

    Raises LocalProviderMissing when node or the npm packages are missing, RuntimeError when the
    provider does not start."""
    node = shutil.which("node")
    if node is None:
        raise LocalProviderMissing("the local OpenID provider needs node (and npm)")
    provider_packages_install()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    try:
        process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            [node, str(PROVIDER_DIR / "server.mjs"), handle.name],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = _first_line(process, timeout=START_TIMEOUT_SECONDS)
    finally:
        Path(handle.name).unlink()
    if not line:
        process.kill()
        process.wait()
        raise RuntimeError(
            f"the local OpenID provider did not start within {START_TIMEOUT_SECONDS} seconds"
        )
    return LocalProvider(issuer=json.loads(line)["issuer"], process=process, config=config)


#: seconds the provider may take to print that it listens (it takes well under one)
START_TIMEOUT_SECONDS = 30


def _first_line(process: "subprocess.Popen[str]", *, timeout: float) -> str:
    """The first line `process` writes to stdout, or "" when it writes none within `timeout`
    seconds or ends first (a start that hangs fails the test instead of the whole run)."""
    if process.stdout is None:
        return ""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline() if ready else ""


def sso_settings_for(provider: LocalProvider) -> dict[str, Any]:
    """The settings that turn SSO on against `provider` (its endpoints by discovery)."""
    backends = [b for b in settings.AUTHENTICATION_BACKENDS if not b.endswith(".OIDCBackend")]
    return {
        "LEDERSPOR_SSO_ENABLED": True,
        "AUTHENTICATION_BACKENDS": [*backends, "lederspor.accounts.oidc.OIDCBackend"],
        "OIDC_ISSUER": provider.issuer,
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
    }
