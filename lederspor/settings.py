"""Django settings for Lederspor, driven by environment variables.

DEBUG is off unless DEBUG=1. Production sets SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL=postgres://… (psycopg 3). `lederspor demo` and the tests run in development mode
(LEDERSPOR_DEV=1, set by the cli for `demo` and by lederspor/conftest.py): SQLite in ./data
(git-ignored), a development SECRET_KEY, plain http on 127.0.0.1, static files served from the
source folders, DEBUG still off. See README.md and docs/operations.md.
"""

from datetime import timedelta
from pathlib import Path
from typing import cast

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from lederspor.core.lib.env import env_bool, env_int, env_list, env_str
from lederspor.core.lib.logs import console_handler, log_format
from lederspor.core.lib.logs import filters as log_filters
from lederspor.core.lib.logs import formatters as log_formatters

# Django's generic classes (ModelAdmin, ModelForm, ModelChoiceField …) accept the type
# parameters django-stubs gives them, e.g. `admin.ModelAdmin[Cohort]`, also at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("LEDERSPOR_DATA_DIR") or BASE_DIR / "data")

#: Django's debug pages and settings: off unless DEBUG=1 (never in production)
DEBUG = env_bool("DEBUG", default=False)
#: development on this machine over plain http (docs/operations.md "Udviklingstilstand"): set by
#: `lederspor demo` (lederspor/cli.py) and the tests; DEBUG=1 implies it. Allows the development
#: SECRET_KEY, turns off the https redirect, HSTS and Secure cookies, serves static files from
#: their source folders. Never set in production.
DEVELOPMENT = DEBUG or env_bool("LEDERSPOR_DEV", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (LEDERSPOR_DEV=1 or DEBUG=1 only for development on this machine)"
        )
    SECRET_KEY = "django-insecure-lederspor-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "lederspor.core",
    "lederspor.people",
    "lederspor.privacy",
    "lederspor.programmes",
    "lederspor.catalogue",
    "lederspor.notifications",
    "lederspor.texts",
    "lederspor.grouping",
    "lederspor.visits",
    "lederspor.licences",
    "lederspor.competence",
    "lederspor.conversations",
    "lederspor.agreements",
    "lederspor.logbook",
    "lederspor.clarification",
    "lederspor.trainee",
    "lederspor.evaluations",
    "lederspor.mailings",
    "lederspor.reports",
    "lederspor.api",
    "lederspor.accounts",
    "lederspor.site",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # django-ninja (the JSON API, lederspor/api): its static Swagger UI files, served locally
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # after WhiteNoise (static files stay cacheable), before the rest (their answers get it too)
    "lederspor.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 413 for a body over the limit, before anything reads it; after AuthenticationMiddleware
    # because anonymous requests have a lower limit (issue #15 §5, docs/operations.md)
    "lederspor.core.middleware.RequestBodyLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lederspor.accounts.middleware.SessionLimitsMiddleware",
    "lederspor.accounts.middleware.TwoFactorRequiredMiddleware",
    "lederspor.core.middleware.UserLanguageMiddleware",
    # one read-log row per request that showed other persons' data (privacy.readlog)
    "lederspor.privacy.readlog.ReadLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lederspor.core.middleware.SecurityHeadersMiddleware",
    "lederspor.core.middleware.ContentSecurityPolicyMiddleware",
    # last, as django-axes asks: it answers a locked-out sign-in with the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lederspor.urls"
WSGI_APPLICATION = "lederspor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lederspor.site.navigation.navigation",
                "lederspor.accounts.context_processors.session_limits",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "lederspor.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
                # the worker and the web server share the file; wait for a lock, do not fail
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # first, as django-axes asks: refuses a locked-out account or address before any check
    "axes.backends.AxesStandaloneBackend",
    "lederspor.core.auth.EmailBackend",
]
if env_str("OIDC_RP_CLIENT_ID"):
    AUTHENTICATION_BACKENDS.append("lederspor.accounts.oidc.OIDCBackend")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in (issue #12; every setting in docs/operations.md, SSO in docs/sso.md).
#: local passwords on (the demo, a municipality without SSO) or off (the SSO button only)
LEDERSPOR_LOCAL_PASSWORDS = env_bool("LEDERSPOR_LOCAL_PASSWORDS", default=True)
#: sign-in through the municipality's OpenID provider: on when a client id is configured
LEDERSPOR_SSO_ENABLED = bool(env_str("OIDC_RP_CLIENT_ID"))
#: the SSO button's text, e.g. "Log ind med OS2faktor" ("" = "Log ind med kommunens login")
LEDERSPOR_SSO_LABEL = env_str("LEDERSPOR_SSO_LABEL")

# Two-factor sign-in (issue #12 §2; docs/operations.md "To-faktor"). Administrators and HR staff
# who sign in with a local password must confirm with a code from an authenticator app (TOTP,
# django-otp) or a recovery code; SSO sign-ins are exempt (the municipality's IdP does MFA).
#: require two-factor for administrators and HR staff on a password sign-in (`lederspor demo`
#: turns it off unless the environment sets it)
LEDERSPOR_2FA_REQUIRED = env_bool("LEDERSPOR_2FA_REQUIRED", default=True)
#: the name authenticator apps show beside the account
OTP_TOTP_ISSUER = "Lederspor"
#: django-otp's throttling after a wrong code: wait 1, 2, 4, 8 … seconds (factor × 2^(n-1), at
#: most an hour) before the next try is even checked; 0 would turn it off, so it is fixed here
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
#: the admin's device pages never show a person's secret key, QR code or recovery codes
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lockout (django-axes; issue #12 §3, docs/operations.md "Lockout"). Failed sign-ins are counted
# per e-mail and, separately, per client address: either reaching the limit within the cool-off
# locks that e-mail (from every address) or that address (for every e-mail). An unknown e-mail
# counts like a known one, and the lockout page says the same whether the account exists or not.
#: failures before the lockout, per e-mail and per address
AXES_FAILURE_LIMIT = env_int("LEDERSPOR_LOCKOUT_FAILURES", 10)
#: minutes a lockout lasts (and the window the failures are counted in); a failure during the
#: lockout starts it again
LEDERSPOR_LOCKOUT_MINUTES = env_int("LEDERSPOR_LOCKOUT_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=LEDERSPOR_LOCKOUT_MINUTES)
#: two separate counters, not their combination (a nested list would mean "e-mail AND address")
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
#: the sign-in form's field that holds the e-mail, compared in lower case
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "lederspor.accounts.requests.lockout_username"
#: the client's address: REMOTE_ADDR, or behind LEDERSPOR_TRUSTED_PROXY_COUNT reverse proxies
#: the address the nearest trusted proxy put in X-Forwarded-For (never a client-supplied one)
LEDERSPOR_TRUSTED_PROXY_COUNT = env_int("LEDERSPOR_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "lederspor.core.requests.forwarded_client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
#: the sign-in log is the audit log (accounts.SignInEvent); axes keeps only its failure counters
AXES_DISABLE_ACCESS_LOG = True
#: axes' admin pages are registered by lederspor.accounts.admin (an audited unlock)
AXES_ENABLE_ADMIN = False
#: no start-up banner from axes in every command's output (its warnings are still logged)
AXES_VERBOSE = False


# SSO (OpenID Connect): mozilla-django-oidc with lederspor.accounts.oidc (docs/sso.md). Only from
# the environment. The OP's endpoints come from OIDC_ISSUER's discovery document, fetched at the
# first sign-in (never at start-up) and cached; an endpoint set explicitly wins over discovery.
#: the OP's issuer (e.g. https://login.microsoftonline.com/<tenant>/v2.0); the ID token's `iss`
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
#: the OP's end_session_endpoint (RP-initiated logout); "" = from discovery, if it has one
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
#: seconds to wait for the OP (discovery, token, userinfo, keys)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
# fixed: code flow with PKCE, state and nonce; never create a login; keep the ID token for
# RP-initiated logout; our own callback and start views (the refusal page, discovery)
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True
OIDC_CALLBACK_CLASS = "lederspor.accounts.sso_views.SSOCallbackView"
OIDC_AUTHENTICATE_CLASS = "lederspor.accounts.sso_views.SSOStartView"
OIDC_OP_LOGOUT_URL_METHOD = "lederspor.accounts.oidc.provider_logout_url"
#: how the claim finds the person: "email" (Person.email) or "employee_number"
LEDERSPOR_OIDC_MATCH = env_str("LEDERSPOR_OIDC_MATCH", "email")
if LEDERSPOR_OIDC_MATCH not in ("email", "employee_number"):
    raise ImproperlyConfigured("LEDERSPOR_OIDC_MATCH must be 'email' or 'employee_number'")
#: the claim that holds the e-mail or employee number (e.g. email, preferred_username, employeeid)
LEDERSPOR_OIDC_CLAIM = env_str("LEDERSPOR_OIDC_CLAIM", "email")
#: the claim listing the person's groups or roles ("" = SSO never touches permissions)
LEDERSPOR_OIDC_GROUPS_CLAIM = env_str("LEDERSPOR_OIDC_GROUPS_CLAIM")
#: the group (or app role) whose members are HR staff (the permission manage_programmes)
LEDERSPOR_OIDC_HR_GROUP = env_str("LEDERSPOR_OIDC_HR_GROUP")
#: whom a refused person should contact, shown on the refusal page ("HR på hr@kommune.dk")
LEDERSPOR_SSO_CONTACT = env_str("LEDERSPOR_SSO_CONTACT")

# Local accounts (issue #12 §2; docs/operations.md "Local accounts"): Django's validators, at
# least 12 characters and not on Django's list of 20,000 common passwords (messages in Danish
# from Django's own translation); invitation links to set a first password expire after
# LEDERSPOR_INVITATION_DAYS days; a reset link after PASSWORD_RESET_TIMEOUT (Django's 3 days).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
#: days an invitation link (sent to imported persons, or again by HR) may be used
LEDERSPOR_INVITATION_DAYS = env_int("LEDERSPOR_INVITATION_DAYS", 14)

LANGUAGE_CODE = "da"
# Danish is the default; English is available (locale/en): by the user's choice, stored on
# their login (core.User.language, the switch in every page's header), else by the browser's
# Accept-Language. Seed content (catalogue, questions, method) is data and stays Danish.
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
# Dates per language (lederspor/core/formats/<lang>/formats.py): templates use |date, |time and
# the named formats (SHORT_DATE_FORMAT, WEEKDAY_DATETIME_FORMAT, ...), never a format string.
FORMAT_MODULE_PATH = ["lederspor.core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded files (e.g. the articles of the Leder på spring mailing). Back this folder up with the
# database. Never served from a public URL: there is no URL pattern for MEDIA_URL, and files are
# only handed out by access-checked views.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# E-mail: written as files to DATA_DIR/mail in development; SMTP when EMAIL_HOST is set.
# Mail is never sent in the request: services queue an OutgoingEmail and the worker
# (`lederspor worker`, django-tasks' database backend) delivers it.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH") or DATA_DIR / "mail")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lederspor <lederspor@localhost>")
#: absolute address of the site, for links in e-mails and calendar invitations
SITE_URL = env_str("LEDERSPOR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (DESIGN.md: django-tasks with its database backend; one worker, same database).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Security: strict defaults, production-ready unless in development mode (DEVELOPMENT above).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEVELOPMENT)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEVELOPMENT else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sessions (issue #12 §3, docs/operations.md "Sessioner"): a session ends after the idle limit
# and, however active, after the absolute lifetime (accounts.middleware.SessionLimitsMiddleware);
# the page warns before the idle limit and lets the person stay. Activity is written to the
# session at most once a minute (no SESSION_SAVE_EVERY_REQUEST).
LEDERSPOR_SESSION_IDLE_MINUTES = env_int("LEDERSPOR_SESSION_IDLE_MINUTES", 30)
LEDERSPOR_SESSION_MAX_HOURS = env_int("LEDERSPOR_SESSION_MAX_HOURS", 10)
#: how many seconds before the idle limit the page warns
LEDERSPOR_SESSION_WARNING_SECONDS = env_int("LEDERSPOR_SESSION_WARNING_SECONDS", 60)
SESSION_COOKIE_AGE = LEDERSPOR_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEVELOPMENT:
    # the __Host- prefix: the browser takes the cookie only if Secure, with Path=/ and no Domain
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step of a PDF at INFO; keep its warnings only
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Page size for lists.
LEDERSPOR_PAGE_SIZE = env_int("LEDERSPOR_PAGE_SIZE", 50)

# Reports and evaluations (issue #13): the small-number rule. A count of answers below this
# number is shown as "< N" (never a mean or a distribution) in evaluations and effects, so no
# one's answer can be read out of a small group (docs/reports.md).
LEDERSPOR_REPORTS_MIN_CELL = env_int("LEDERSPOR_REPORTS_MIN_CELL", 5)

# JSON API (issue #13 §4, docs/api.md, lederspor/api): each API token may make this many
# requests per period ("<n>/<s|m|h|d>"), counted per token in the default cache (per process
# with the local-memory cache); over it the answer is 429 with Retry-After. A token lives at
# most LEDERSPOR_API_TOKEN_MAX_DAYS days (the page offers one year, or the maximum if shorter).
LEDERSPOR_API_RATE = env_str("LEDERSPOR_API_RATE", "600/m")
LEDERSPOR_API_TOKEN_MAX_DAYS = env_int("LEDERSPOR_API_TOKEN_MAX_DAYS", 365)

# Privacy (docs/privacy.md): retention periods in days per record type, overriding the defaults
# of the retention schedule (privacy.registry.RetentionRule.key → days), e.g.
# LEDERSPOR_RETENTION_DAYS="notifications.email_bodies=30,privacy.read_log=730".
LEDERSPOR_RETENTION_DAYS = {
    key.strip(): int(days)
    for key, _sep, days in (
        item.partition("=") for item in env_list("LEDERSPOR_RETENTION_DAYS", []) if "=" in item
    )
}

# Least privilege in the browser (issue #15 §4; docs/operations.md "Cache, CSP og DEBUG").
# Every page and file that is not a static file is sent with Cache-Control: no-store, private
# (core.middleware.NoStoreMiddleware). The Content-Security-Policy comes from django-csp on every
# response, the Django admin included (core.middleware.ContentSecurityPolicyMiddleware adds the
# OpenID provider's origin to form-action when SSO is on, docs/sso.md): no inline scripts or
# styles anywhere. Fixed here, not from the environment.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
#: development mode serves static files through WhiteNoise from their source folders (no
#: collectstatic needed for `lederspor demo`), picking up changed files
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT

# E-mail delivery (issue #15 §5; docs/operations.md "E-mail delivery"): the worker talks to the
# relay outside any database transaction, and each socket operation of an SMTP send gives up
# after EMAIL_TIMEOUT seconds (Django's SMTP backend reads it), so a hung relay fails the send
# (it is retried with back-off) instead of holding the worker. A mail left in "sending" by a
# worker that died is sent once more (same Message-ID) after LEDERSPOR_EMAIL_STALE_MINUTES; a
# second interrupted send marks it failed. Keep the stale period well above a slow send.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
LEDERSPOR_EMAIL_STALE_MINUTES = env_int("LEDERSPOR_EMAIL_STALE_MINUTES", 15)

# Privacy pages (issue #15 §4, docs/operations.md "Privatlivspolitik"): the privacy notice at
# /privatlivspolitik/ names the data controller and the data-protection officer (DPO); "Mine
# data" points to the DPO for erasure requests. LEDERSPOR_PRIVACY_NOTICE_EXTRA is an optional
# paragraph the municipality adds to the notice (plain text; blank lines separate paragraphs).
LEDERSPOR_CONTROLLER_NAME = env_str("LEDERSPOR_CONTROLLER_NAME", "Lederspor Kommune")
LEDERSPOR_DPO_NAME = env_str("LEDERSPOR_DPO_NAME", "Kommunens databeskyttelsesrådgiver")
LEDERSPOR_DPO_EMAIL = env_str("LEDERSPOR_DPO_EMAIL", "databeskyttelse@lederspor-kommune.dk")
LEDERSPOR_PRIVACY_NOTICE_EXTRA = env_str("LEDERSPOR_PRIVACY_NOTICE_EXTRA", "")

# Upload and request limits (issue #15 §5, lederspor/core/uploads.py, docs/operations.md
# "Upload limits"). A request body over the limit is answered 413 before it is read
# (core.middleware.RequestBodyLimitMiddleware): signed-in users may send up to
# LEDERSPOR_MAX_REQUEST_BYTES, anyone else LEDERSPOR_MAX_ANONYMOUS_REQUEST_BYTES; the proxy's
# client_max_body_size matches the first. A file may be at most LEDERSPOR_UPLOAD_MAX_MB (a page
# may accept less: the organisation import 5 MB, article files 10 MB); an XLSX may unpack to at
# most LEDERSPOR_XLSX_MAX_UNCOMPRESSED_MB, each large part compressed at most
# LEDERSPOR_XLSX_MAX_RATIO times, with at most LEDERSPOR_XLSX_MAX_MEMBERS parts, all checked
# before openpyxl opens it; an import has at most LEDERSPOR_IMPORT_MAX_ROWS rows and
# LEDERSPOR_IMPORT_MAX_CELLS cells, counted while it is read.
LEDERSPOR_MAX_REQUEST_BYTES = env_int("LEDERSPOR_MAX_REQUEST_BYTES", 25 * 1024 * 1024)
LEDERSPOR_MAX_ANONYMOUS_REQUEST_BYTES = env_int(
    "LEDERSPOR_MAX_ANONYMOUS_REQUEST_BYTES", 1024 * 1024
)
LEDERSPOR_UPLOAD_MAX_MB = env_int("LEDERSPOR_UPLOAD_MAX_MB", 10)
LEDERSPOR_XLSX_MAX_UNCOMPRESSED_MB = env_int("LEDERSPOR_XLSX_MAX_UNCOMPRESSED_MB", 40)
LEDERSPOR_XLSX_MAX_RATIO = env_int("LEDERSPOR_XLSX_MAX_RATIO", 100)
LEDERSPOR_XLSX_MAX_MEMBERS = env_int("LEDERSPOR_XLSX_MAX_MEMBERS", 200)
# (a municipality of 30,000+ employees fits: 50,000 rows of 15 columns; issue #17)
LEDERSPOR_IMPORT_MAX_ROWS = env_int("LEDERSPOR_IMPORT_MAX_ROWS", 50000)
LEDERSPOR_IMPORT_MAX_CELLS = env_int("LEDERSPOR_IMPORT_MAX_CELLS", 750000)
# Django's own limits: form fields (not files) held in memory, at most 2.5 MB; an uploaded file
# over FILE_UPLOAD_MAX_MEMORY_SIZE is streamed to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2621440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2621440)

# Calendar invitations (issue #14 §2; docs/operations.md "Calendar invitations"). Every .ics UID
# is "<app.model>-<pk>@LEDERSPOR_CALENDAR_UID_DOMAIN" (notifications.ics.stable_uid), not the
# server's host name, so moving the server does not duplicate calendar entries. Set it once per
# installation (e.g. the municipality's domain) and never change it afterwards.
LEDERSPOR_CALENDAR_UID_DOMAIN = env_str("LEDERSPOR_CALENDAR_UID_DOMAIN", "lederspor")

# --- issue #16: pages and navigation
# The municipality's accessibility statement (tilgængelighedserklæring): the Danish web
# accessibility law (lov nr. 692 af 08/06/2018) requires one for every website and intranet of
# a public body, linked from every page. Set it to the statement's address, usually the
# municipality's page in the Agency for Digital Government's WAS-tool
# (https://www.was.digst.dk/…). The footer links to it; while it is unset the link is left out
# and `lederspor check` warns (site.W001, lederspor/site/checks.py). `lederspor demo` sets an
# example value (lederspor/cli.py, DEMO_ACCESSIBILITY_STATEMENT_URL).
LEDERSPOR_ACCESSIBILITY_STATEMENT_URL = env_str("LEDERSPOR_ACCESSIBILITY_STATEMENT_URL")
# --- issue #16: §1 content (programme and catalogue seed texts; docs/content.md)
# The municipality's own name in the seed texts: `load_content` replaces `{kommune}` with it and
# `{kommunes}` with its genitive (default: the name + "s"). `{intranet}` is what the intranet is
# called ("intranettet"); `{intranet:<key>}` in a link's URL is looked up in
# LEDERSPOR_INTRANET_LINKS ("key=url,key=url"); a link whose key is not set is left out.
LEDERSPOR_MUNICIPALITY_NAME = env_str("LEDERSPOR_MUNICIPALITY_NAME", LEDERSPOR_CONTROLLER_NAME)
LEDERSPOR_MUNICIPALITY_GENITIVE = env_str("LEDERSPOR_MUNICIPALITY_GENITIVE")
LEDERSPOR_INTRANET_NAME = env_str("LEDERSPOR_INTRANET_NAME", "intranettet")
LEDERSPOR_INTRANET_LINKS = {
    key.strip(): url.strip()
    for key, _sep, url in (
        item.partition("=") for item in env_list("LEDERSPOR_INTRANET_LINKS", []) if "=" in item
    )
}

# --- issue #17: os2mo (`lederspor sync_org --source os2mo`; docs/os2mo.md)
# OS2mo's address without the GraphQL path (e.g. "https://os2mo.kommune.dk"); the sync adds
# the pinned schema version's path (people.sources.os2mo.GRAPHQL_PATH). Keycloak's token endpoint
# of OS2mo's realm (".../auth/realms/mo/protocol/openid-connect/token") and the client's id and
# secret (a confidential client with the service account's read_* roles only). The sync is off
# while LEDERSPOR_OS2MO_URL is empty; with it set the worker runs it every night at
# LEDERSPOR_OS2MO_SYNC_HOUR o'clock local time (or a systemd timer runs `sync_org`).
LEDERSPOR_OS2MO_URL = env_str("LEDERSPOR_OS2MO_URL")
LEDERSPOR_OS2MO_TOKEN_URL = env_str("LEDERSPOR_OS2MO_TOKEN_URL")
LEDERSPOR_OS2MO_CLIENT_ID = env_str("LEDERSPOR_OS2MO_CLIENT_ID")
LEDERSPOR_OS2MO_CLIENT_SECRET = env_str("LEDERSPOR_OS2MO_CLIENT_SECRET")
LEDERSPOR_OS2MO_SYNC_HOUR = env_int("LEDERSPOR_OS2MO_SYNC_HOUR", 2)
# the user_key of the e-mail address type preferred when an employee has several e-mails
LEDERSPOR_OS2MO_EMAIL_TYPE = env_str("LEDERSPOR_OS2MO_EMAIL_TYPE", "EmailEmployee")
# objects per GraphQL page, and seconds before one HTTP request gives up
LEDERSPOR_OS2MO_PAGE_SIZE = env_int("LEDERSPOR_OS2MO_PAGE_SIZE", 500)
LEDERSPOR_OS2MO_TIMEOUT = env_int("LEDERSPOR_OS2MO_TIMEOUT", 60)
# --- issue #17: tree (organisation of any depth; docs/import.md "Træet og niveauer")
# Which unit kinds (OrgUnit.kind, the level name the import file or OS2mo gives) play the role
# of a forvaltning ("department") and an område ("area"). Grouping criteria, job-visit pairing,
# the reports' filters and the demo use a unit's nearest unit at or above it whose kind plays
# the role (people.selectors.unit_in_role). Default: today's four-level tree. Override per role
# with a comma-separated list, e.g. LEDERSPOR_ORG_DEPARTMENT_KINDS=forvaltning,magistratsafdeling.
LEDERSPOR_ORG_LEVELS = {
    "department": env_list("LEDERSPOR_ORG_DEPARTMENT_KINDS", ["department"]),
    "area": env_list("LEDERSPOR_ORG_AREA_KINDS", ["area"]),
}
# --- issue #17: import-full (full loads deactivate; imports run in the background)
# A full import or sync marks persons (and units) missing from the source inactive; it refuses
# when more than this share of the active persons (and, separately, of the active units) would
# go, until HR confirms (docs/import.md "Fuld indlæsning"). A number between 0 and 1.
try:
    LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = float(
        env_str("LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE", "0.05") or "0.05"
    )
except ValueError as _error:
    raise ImproperlyConfigured("LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE must be a number") from _error
if not 0 <= LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE <= 1:
    raise ImproperlyConfigured("LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE must be between 0 and 1")
# --- issue #17: ops (docs/operations.md "Drift: topologi", "Sundhedstjek", "Logning")
# The load balancer's health check: /health/ (lederspor.core.health) answers 200 when the
# database answers and a worker wrote its heartbeat within this many seconds (workers write one
# every 30 s), else 503. It is answered right after SecurityMiddleware (no session, sign-in,
# two-factor or host check) and over plain http too (SECURE_REDIRECT_EXEMPT).
LEDERSPOR_WORKER_HEARTBEAT_MAX_AGE = env_int("LEDERSPOR_WORKER_HEARTBEAT_MAX_AGE", 120)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "lederspor.core.health.HealthCheckMiddleware",
)
# A request id on every request (django-guid): the load balancer's X-Request-ID when it is a
# valid UUID (32 hex digits or the hyphenated form), else a new one; sent back in the response's
# X-Request-ID and put in every log line written while the request runs (first middleware, so
# the others' log lines carry it too).
INSTALLED_APPS.append("django_guid")
MIDDLEWARE.insert(0, "django_guid.middleware.guid_middleware")
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}
# Log lines: LOG_FORMAT=json (the default in production) writes each line as one JSON object
# with time (UTC, ISO 8601), level, logger, message and request_id (python-json-logger), plus
# any extra fields of the record; "text" (the default in development and the tests) one plain
# line. Both go to standard error (journald under systemd). The logger levels above are kept.
# The same formats for gunicorn's own lines: lederspor/core/lib/logs.py, lederspor/gunicorn_conf.py.
try:
    LOG_FORMAT = log_format(development=DEVELOPMENT)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
LOGGING["filters"] = log_filters()
LOGGING["formatters"] = log_formatters()
LOGGING["handlers"] = {"console": console_handler(LOG_FORMAT)}
# django-guid says at INFO that it generated an id, on every request
LOGGING["loggers"] = {
    **cast("dict[str, dict[str, str]]", LOGGING["loggers"]),
    "django_guid": {"level": "WARNING"},
}
