"""Settings shared by every environment. The environment modules import these."""

from pathlib import Path

import dj_database_url

from .env import env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "accounts",
    "ce_credits",
    "certifications",
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
    "aspen.middleware.NoStoreForUsersMiddleware",
    "aspen.middleware.MethodNotAllowedPageMiddleware",
]
# Renders templates/403_csrf.html with the request, so the page has the menu.
CSRF_FAILURE_VIEW = "aspen.views.csrf_failure"

ROOT_URLCONF = "aspen.urls"
WSGI_APPLICATION = "aspen.wsgi.application"

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
            ],
        },
    },
]

# Without DATABASE_URL the site runs on an SQLite file, so a first run needs no
# database server. CI and production point DATABASE_URL at PostgreSQL.
SQLITE_PATH = BASE_DIR / "var" / "aspen.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite allows one writer at a time. IMMEDIATE takes the write lock when
    # a transaction starts, so a second writer waits up to `timeout` seconds
    # instead of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Denver"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
# Uploads (proofs, transcripts) are served only through access-checked views,
# so there is no MEDIA_URL route. One request may carry this many files. It
# stays well above `ce_credits.models.MAX_PROOFS_PER_UPLOAD` (10), so that a
# person who chose too many proof files gets the form's message with the limit
# instead of the 400 page.
DATA_UPLOAD_MAX_NUMBER_FILES = 50

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ce@aspen.invalid")
# Links in mail start with this address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Members of this group run the program: review tracks, issue certificates.
CE_COORDINATOR_GROUP = "CE Coordinators"

# django-ratelimit counts the requests to the public verification pages, the
# login attempts and the requests for new verifier links in the default cache.
# NOTE: LocMemCache lives in one process, so each gunicorn worker keeps its own
# count and a visitor gets the rate once per worker. With several workers,
# configure a shared cache such as Redis. Until then `check --deploy` warns
# (certifications.W001). django_ratelimit stays out of INSTALLED_APPS because
# its own check reports LocMemCache as an error (django_ratelimit.E003 in
# version 4.1), which would stop every management command.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Requests per client IP address to the verification pages, both together, in
# django-ratelimit's "count/period" form.
VERIFY_RATE_LIMIT = "30/m"
# Failed logins per email address entered, in the same form: 10 per 15
# minutes. The staff of a library often share one public IP address, so the
# count per client IP address allows more.
LOGIN_RATE_LIMIT = "10/15m"
LOGIN_IP_RATE_LIMIT = "50/15m"
# Requests for a new verifier link from the page of an expired or replaced one,
# per client IP address, and the same rate again per participant, so that one
# client cannot flood a verifier's mailbox: 3 per hour.
LINK_RENEW_RATE_LIMIT = "3/h"
# Behind a reverse proxy REMOTE_ADDR is the proxy's address, so every visitor
# would share one count. Name the request.META key with the client's address
# instead, such as HTTP_X_REAL_IP, but only if the proxy sets that header on
# every request and drops any value the client sent.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", "") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "aspen.logging.RedactTokenPaths"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # WeasyPrint and its font library report each rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # It logs the path of every 4xx and 5xx response, signed tokens included.
        "django.request": {"filters": ["redact_tokens"]},
    },
}
