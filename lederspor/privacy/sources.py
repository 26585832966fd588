"""The privacy app's own entries in its registries: the data of the organisation floor and the
ground floor (persons, logins, the audit log, sessions) and the read log itself, which no
higher app owns."""


def register() -> None:
    """Register the privacy app's `personal_data` and `retention_rules` entries (called once
    from `PrivacyConfig.ready`)."""
