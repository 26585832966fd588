"""Sign-in through the municipality's OpenID provider (issue #12 §1), on mozilla-django-oidc."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class OIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Finds the `Person` the provider's claims name; never creates a login."""
