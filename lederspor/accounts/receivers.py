"""Signal receivers of the accounts app: the sign-in log (filled in by the lockout/log work)."""
