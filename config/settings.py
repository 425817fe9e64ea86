"""Settings for the Hub, read from the environment (see docs/deployment.md for every variable).

HUB_ENV chooses the posture:
- ``development`` (default): local demo on SQLite, plain cookies over http://127.0.0.1.
- ``test``: as development, with fast password hashing.
- ``production``: refuses to start without SECRET_KEY and ALLOWED_HOSTS; secure cookies, HSTS, no demo codes.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HUB_VAR_DIR", str(BASE_DIR / "var")))

HUB_ENV = env_str("HUB_ENV", "development")
if HUB_ENV not in {"development", "test", "production"}:
    raise ValueError(f"HUB_ENV must be development, test or production, not {HUB_ENV!r}")
PRODUCTION = HUB_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ValueError("Set ALLOWED_HOSTS to the Hub's host names: production will not answer any host.")
else:
    # A fixed key is harmless outside production: nothing signed with it leaves this machine.
    SECRET_KEY = env_str(
        "SECRET_KEY", "development-only-key-not-for-production-use-0123456789abcdefghijklmnop"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

DEBUG = env_bool("DEBUG", False) and not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "hub.core",
    "hub.accounts",
    "hub.audit",
    "hub.reference",
    "hub.children",
    "hub.screening",
    "hub.missing",
    "hub.nrm",
    "hub.actions",
    "hub.intelligence",
    "hub.plans",
    "hub.panels",
    "hub.demo",
]

MIDDLEWARE = [
    "hub.audit.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hub.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hub.accounts.middleware.SessionLifetimeMiddleware",
    "hub.accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hub.core.middleware.NoStoreForSignedInMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.core.context_processors.hub",
            ],
        },
    },
]

# Database: SQLite by default (demo and tests); PostgreSQL when DATABASE_URL says so.
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(env_str("SQLITE_PATH", str(VAR_DIR / "hub.sqlite3")))),
            # IMMEDIATE takes the write lock at BEGIN, so the access log's hash chain never forks
            # and concurrent writers wait instead of failing with "database is locked".
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "hub.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if HUB_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"

# Sessions: idle timeout and absolute lifetime are enforced by SessionLifetimeMiddleware.
HUB_SESSION_IDLE = timedelta(minutes=env_int("HUB_SESSION_IDLE_MINUTES", 30))
HUB_SESSION_ABSOLUTE = timedelta(hours=env_int("HUB_SESSION_ABSOLUTE_HOURS", 12))
SESSION_COOKIE_AGE = int(HUB_SESSION_ABSOLUTE.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "hub.core.views.csrf_failure"

# Lockout (django-axes): the same message whether or not the account exists.
AXES_FAILURE_LIMIT = env_int("HUB_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("HUB_LOCKOUT_MINUTES", 30))
# Lock the account, not the address: council staff share a few proxy addresses, so locking by IP
# would let one person's typing lock out a whole office. Hence axes.W006 is silenced below.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hub.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("HUB_TOTP_ISSUER", "Missing and Exploitation Hub")
# Demo accounts may print their current code (manage.py demo_code); never in production.
HUB_ALLOW_DEMO = not PRODUCTION
# Trying the demo in a browser alone: the sign-in page lists the accounts `load_demo` created, and the
# code page shows the current code of a demo account (never of any other). On by default only in
# development; `check --deploy` fails if it is switched on in production (where it never shows anyway).
HUB_DEMO_SIGN_IN = env_bool("HUB_DEMO_SIGN_IN", HUB_ENV == "development")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Built by `make assets` into the checkout, whatever HUB_VAR_DIR says.
STATICFILES_DIRS = [BASE_DIR / "var" / "assets"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves hashed, compressed files from collectstatic; elsewhere WhiteNoise reads the
    # built assets in place, so `make run` needs no collectstatic step.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"

# The places map's tiles (hub/intelligence/places_views.py): a URL template such as
# https://tiles.example.org/{z}/{x}/{y}.png, of a tile server the partnership runs itself, so no third
# party learns where analysts look. Empty (the default): no tiles; the places are drawn on a plain
# background. The template's origin is added to the pages' img-src.
HUB_MAP_TILES = env_str("HUB_MAP_TILES", "").strip()
HUB_MAP_ATTRIBUTION = env_str("HUB_MAP_ATTRIBUTION", "").strip()
_tiles = urlsplit(HUB_MAP_TILES)
if HUB_MAP_TILES and not (
    HUB_MAP_TILES.startswith("/") or (_tiles.scheme in {"http", "https"} and _tiles.netloc)
):
    raise ImproperlyConfigured(
        "HUB_MAP_TILES must be a tile URL template starting https:// (or / for the Hub's own host), "
        "like https://tiles.example.org/{z}/{x}/{y}.png, or empty for no tiles."
    )
MAP_TILE_SOURCES = (
    [f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"] if HUB_MAP_TILES and _tiles.netloc else []
)

# Security headers (security.md item 20).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],  # no inline script anywhere
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MAP_TILE_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-hub-session"
    CSRF_COOKIE_NAME = "__Host-hub-csrf"
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
else:
    SESSION_COOKIE_NAME = "hub-session"
    CSRF_COOKIE_NAME = "hub-csrf"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["hub.accounts.permissions.IsSignedInWithMFA"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "hub.accounts.api_common.exception_handler",
    # DRF's JSON parser behind a nesting-depth guard (hub/core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "hub.core.parsers.GuardedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Missing and Exploitation Hub API",
    "DESCRIPTION": "The Hub's API for partner systems. Every operation is scoped to the caller and logged.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["hub.accounts.permissions.IsSignedInWithMFA"],
    # Choice sets sharing a field name ("status", "kind") get a name each, not a hash.
    "ENUM_NAME_OVERRIDES": {
        "ScreeningStatusEnum": "hub.screening.models.Screening.Status",
        "ActionStatusEnum": "hub.actions.models.ActionStatus",
        "MeetingStatusEnum": "hub.panels.models.Meeting.Status",
        "DecisionKindEnum": "hub.panels.models.DecisionKind",
        "PlanStatusEnum": "hub.plans.models.PlanStatus",
        "FactorKindEnum": "hub.plans.models.FactorKind",
        "RiskGradeEnum": "hub.missing.models.RiskGrade",
        "NrmGroundsEnum": "hub.nrm.models.Grounds",
        "NrmDecisionMakerEnum": "hub.nrm.models.DecisionMaker",
        "EntityKindEnum": "hub.intelligence.models.EntityKind",
        "RecordableEntityKindEnum": "hub.intelligence.forms.RECORDABLE_KINDS",
        "LinkKindEnum": "hub.intelligence.models.LinkKind",
        "DisruptionStatusEnum": "hub.intelligence.models.DisruptionStatus",
        "OperationStatusEnum": "hub.intelligence.models.OperationStatus",
        "OperationKindEnum": "hub.intelligence.models.OperationKind",
    },
}

# The access log's anchor (hub/audit/checkpoints.py): checkpoints signed with an Ed25519 key that the
# database never holds, appended to a file outside it and optionally sent to a witness. Production names
# its key file; elsewhere one is made under VAR_DIR on first use.
if PRODUCTION:
    HUB_AUDIT_SIGNING_KEY_FILE = Path(env_str("HUB_AUDIT_SIGNING_KEY_FILE"))
else:
    HUB_AUDIT_SIGNING_KEY_FILE = Path(
        env_str("HUB_AUDIT_SIGNING_KEY_FILE", str(VAR_DIR / "audit-signing-key.pem"))
    )
HUB_AUDIT_VERIFY_KEY_FILE = env_str("HUB_AUDIT_VERIFY_KEY_FILE", "")
HUB_AUDIT_CHECKPOINT_FILE = Path(
    env_str("HUB_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl"))
)
HUB_AUDIT_CHECKPOINT_MINUTES = env_int("HUB_AUDIT_CHECKPOINT_MINUTES", 60)
if HUB_AUDIT_CHECKPOINT_MINUTES < 1:
    raise ValueError(
        "HUB_AUDIT_CHECKPOINT_MINUTES must be 1 or more: how often the worker signs a checkpoint."
    )
HUB_AUDIT_WITNESS_URL = env_str("HUB_AUDIT_WITNESS_URL", "")

# Small-number suppression for aggregate roles (security.md item 8).
HUB_SUPPRESSION_THRESHOLD = env_int("HUB_SUPPRESSION_THRESHOLD", 5)

# The folder of the Liberation Sans files embedded in the agenda pack and minutes (Debian's
# fonts-liberation puts them here).
HUB_PDF_FONT_DIR = env_str("HUB_PDF_FONT_DIR", "/usr/share/fonts/truetype/liberation")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}
