"""Django settings for CityLoop, read from the environment (see docs/settings.md)."""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cityloop.conf.basemap import basemap_dir
from cityloop.conf.datadir import read_audit_key, read_secret_key
from cityloop.conf.env import (
    data_dir,
    database_from_url,
    envbool,
    envchoice,
    envfloat,
    envint,
    envlist,
    envnetworks,
    envstr,
    load_settings_file,
)
from cityloop.conf.security import content_security_policy, https_settings_from_env

PACKAGE_DIR = Path(__file__).resolve().parent
# Importing the settings writes nothing: the `cityloop` command creates the
# data directory and its secret key (cityloop/conf/datadir.py says which
# process gets its key where).
DATA_DIR = data_dir()
# Settings kept with the data (NAME=value lines); the environment overrides them.
load_settings_file(DATA_DIR / "settings.env")

# CITYLOOP_SECRET_KEY, else DATA_DIR/secret.key; empty until a command made one.
SECRET_KEY = read_secret_key(DATA_DIR)
# CITYLOOP_AUDIT_KEY, else CITYLOOP_AUDIT_KEY_FILE, else DATA_DIR/audit.key (docs/audit.md).
AUDIT_KEY = read_audit_key(DATA_DIR)
DEBUG = envbool("CITYLOOP_DEBUG", False)
ALLOWED_HOSTS = envlist("CITYLOOP_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CITYLOOP_CSRF_TRUSTED_ORIGINS", [])
PUBLIC_URL = envstr("CITYLOOP_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# --- the city -------------------------------------------------------------
CITY_NAME = envstr("CITYLOOP_CITY_NAME", "CityLoop")
# The name on Chinese pages and emails; empty: the city area's Chinese name
# (cityloop/conf/cityname.py), else CITY_NAME.
CITY_NAME_I18N = {"zh-hans": envstr("CITYLOOP_CITY_NAME_ZH_HANS", "")}
# CAP's <sender> of public warnings; empty: warnings@ the host of PUBLIC_URL.
WARNING_SENDER = envstr("CITYLOOP_WARNING_SENDER", "")
TIME_ZONE = envstr("CITYLOOP_TIME_ZONE", "UTC")
LANGUAGE_CODE = envchoice("CITYLOOP_LANGUAGE", "en", ("en", "zh-hans"))
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
MAP_CENTER = (
    envfloat("CITYLOOP_MAP_LAT", 29.56, low=-90, high=90),
    envfloat("CITYLOOP_MAP_LON", 106.55, low=-180, high=180),
)
MAP_ZOOM = envint("CITYLOOP_MAP_ZOOM", 12, minimum=1)
# Empty: the city's own base map from BASEMAP_DIR, served by CityLoop itself
# (cityloop/web/basemap/); a tile server's URL template draws its tiles instead.
MAP_TILES_URL = envstr("CITYLOOP_MAP_TILES_URL", "")
# Credit shown on the map, as the tile server's licence asks ("" with OSM's
# own server: "© OpenStreetMap contributors").
MAP_ATTRIBUTION = envstr("CITYLOOP_MAP_ATTRIBUTION", "")
# The base map's GeoJSON files (roads, water, parks, landmarks); the demo sets
# its own. Neither this nor tiles: the maps draw the city's areas only.
BASEMAP_DIR = basemap_dir(envstr("CITYLOOP_BASEMAP_DIR", ""))

# --- the loop -------------------------------------------------------------
FEEDBACK_DAYS = envint("CITYLOOP_FEEDBACK_DAYS", 7, minimum=1)
SLA_SWEEP_SECONDS = envint("CITYLOOP_SLA_SWEEP_SECONDS", 60, minimum=1)
AUTOCLOSE_SWEEP_SECONDS = envint("CITYLOOP_AUTOCLOSE_SWEEP_SECONDS", 600, minimum=1)
AUDIT_CHECKPOINT_SECONDS = envint("CITYLOOP_AUDIT_CHECKPOINT_SECONDS", 86400, minimum=60)
# The local hour (0-23) after which followers who chose a daily digest get it.
FOLLOW_DIGEST_HOUR = envint("CITYLOOP_FOLLOW_DIGEST_HOUR", 7, minimum=0, maximum=23)
OPEN311_MAX_PAGE_SIZE = envint("CITYLOOP_OPEN311_MAX_PAGE_SIZE", 1000, minimum=1)
# Empty: any jurisdiction_id is accepted (a city serves one jurisdiction).
OPEN311_JURISDICTION_ID = envstr("CITYLOOP_OPEN311_JURISDICTION", "")
OPEN311_CONTACT = envstr("CITYLOOP_OPEN311_CONTACT", "")
# The cases' open data (docs/opendata.md): every combination of the
# quasi-identifier columns occurs at least this many times, else the row is
# generalised further or left out; and the licence the catalogue names.
OPENDATA_K = envint("CITYLOOP_OPENDATA_K", 5, minimum=2)
OPENDATA_LICENSE = envstr("CITYLOOP_OPENDATA_LICENSE",
                          "http://creativecommons.org/licenses/by/4.0/")
# Requests a minute an API key may make, by scope, when its own limit is not
# set in the admin; a key with several scopes gets the largest; 0: no limit
# (cityloop/cases/models/client.py, docs/api-keys.md).
API_RATE_LIMITS = {
    "open311": envint("CITYLOOP_API_RATE_OPEN311", 60, minimum=0),
    "sta:read": envint("CITYLOOP_API_RATE_STA_READ", 600, minimum=0),
    "sta:write": envint("CITYLOOP_API_RATE_STA_WRITE", 600, minimum=0),
    "warnings:publish": envint("CITYLOOP_API_RATE_WARNINGS", 60, minimum=0),
    "api:read": envint("CITYLOOP_API_RATE_API_READ", 600, minimum=0),
    "admin": envint("CITYLOOP_API_RATE_ADMIN", 60, minimum=0),
}

# --- sensing (docs/sensorthings.md) ----------------------------------------
# The broker ingest workers subscribe to and new observations are published
# on (mqtt://host:port); empty: MQTT is off and the demo simulates in-process.
MQTT_URL = envstr("CITYLOOP_MQTT_URL", "")
# The address devices should use, advertised in the SensorThings serverSettings;
# may differ from MQTT_URL behind a proxy. Empty: MQTT is not advertised.
MQTT_PUBLIC_URL = envstr("CITYLOOP_MQTT_PUBLIC_URL", MQTT_URL)
MQTT_CLIENT_ID = envstr("CITYLOOP_MQTT_CLIENT_ID", "cityloop")
# Ingest workers share one subscription ($share/<group>/...) and split the load.
MQTT_SHARE_GROUP = envstr("CITYLOOP_MQTT_SHARE_GROUP", "cityloop")
# Seconds the broker keeps a disconnected worker's session (and its QoS 1 queue).
MQTT_SESSION_EXPIRY = envint("CITYLOOP_MQTT_SESSION_EXPIRY", 86400, minimum=0)
MQTT_PUBLISH = envbool("CITYLOOP_MQTT_PUBLISH", True)
STA_MAX_BODY_BYTES = envint("CITYLOOP_STA_MAX_BODY_MB", 64, minimum=1) * 1024 * 1024
# Requests in one SensorThings $batch (OGC 18-088 §12).
STA_BATCH_MAX_REQUESTS = envint("CITYLOOP_STA_BATCH_MAX_REQUESTS", 1000, minimum=1)
# Raw observations are deleted after this many days; per-minute rollups stay.
OBSERVATION_RETENTION_DAYS = envint("CITYLOOP_OBSERVATION_RETENTION_DAYS", 90, minimum=1)
OBSERVATION_RETENTION_SWEEP_SECONDS = envint(
    "CITYLOOP_OBSERVATION_RETENTION_SWEEP_SECONDS", 3600, minimum=1
)
# PostgreSQL: one partition of observations per month, week or day (sensing/partitions/).
OBSERVATION_PARTITION = envchoice("CITYLOOP_OBSERVATION_PARTITION", "month",
                                  ("month", "week", "day"))
RULES_SWEEP_SECONDS = envint("CITYLOOP_RULES_SWEEP_SECONDS", 60, minimum=1)
# How often a worker looks at the rule queue when nothing woke it (on SQLite the
# only way it learns of new work; on PostgreSQL ingest's NOTIFY wakes it at once).
RULE_QUEUE_POLL_SECONDS = envfloat("CITYLOOP_RULE_QUEUE_POLL_SECONDS", 0.2, low=0.01, high=60)
INDICATORS_SWEEP_SECONDS = envint("CITYLOOP_INDICATORS_SWEEP_SECONDS", 60, minimum=1)
HOTSPOTS_SWEEP_SECONDS = envint("CITYLOOP_HOTSPOTS_SWEEP_SECONDS", 60, minimum=1)
TOPICS_SWEEP_SECONDS = envint("CITYLOOP_TOPICS_SWEEP_SECONDS", 3600, minimum=1)

# How often a process checks whether areas, the catalogue or notification
# channels were changed by another process (cityloop/sharedcache.py).
SHARED_CACHE_CHECK_SECONDS = envfloat("CITYLOOP_CACHE_CHECK_SECONDS", 2.0, low=0, high=3600)

# --- worker and notifications ----------------------------------------------
WORKER_THREADS = envint("CITYLOOP_WORKER_THREADS", 4, minimum=1)
NOTIFY_MAX_ATTEMPTS = envint("CITYLOOP_NOTIFY_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOK_TIMEOUT = envint("CITYLOOP_WEBHOOK_TIMEOUT", 10, minimum=1)
# Reports by chat through a Telegram bot (docs/chat.md): off without a token. The
# secret is what Telegram sends back in every webhook call; the API address is a
# setting so that tests (and a city behind a relay) point the bot elsewhere.
TELEGRAM_BOT_TOKEN = envstr("CITYLOOP_TELEGRAM_BOT_TOKEN", "")
TELEGRAM_WEBHOOK_SECRET = envstr("CITYLOOP_TELEGRAM_WEBHOOK_SECRET", "")
TELEGRAM_API_URL = envstr("CITYLOOP_TELEGRAM_API_URL", "https://api.telegram.org").rstrip("/")
TELEGRAM_TIMEOUT = envint("CITYLOOP_TELEGRAM_TIMEOUT", 10, minimum=1)
# Text messages (notify/channels/sms): a JSON POST to the city's SMS gateway.
SMS_GATEWAY_URL = envstr("CITYLOOP_SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = envstr("CITYLOOP_SMS_GATEWAY_TOKEN", "")
SMS_SENDER = envstr("CITYLOOP_SMS_SENDER", "CityLoop")
# Web Push (notify/channels/webpush): the contact push services may write to (VAPID "sub").
WEBPUSH_CONTACT = envstr("CITYLOOP_WEBPUSH_CONTACT", "mailto:noreply@localhost")
DEFAULT_FROM_EMAIL = envstr("CITYLOOP_EMAIL_FROM", "CityLoop <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = envstr("CITYLOOP_SMTP_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("CITYLOOP_SMTP_PORT", 587, minimum=1)
    EMAIL_HOST_USER = envstr("CITYLOOP_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = envstr("CITYLOOP_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = envbool("CITYLOOP_SMTP_STARTTLS", True)
    EMAIL_TIMEOUT = envint("CITYLOOP_SMTP_TIMEOUT", 20, minimum=1)
else:
    # No SMTP server configured: keep every message as a file so nothing is
    # lost and the demo shows what would have been sent.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")

# --- reports by email (cityloop/mailin, docs/deploy.md) ----------------------
# The address citizens write to. Emails about a case then carry a Reply-To of
# case+<signed token>@ its domain, so a reply threads onto the case; empty:
# no Reply-To (replies still thread by their References header).
MAIL_ADDRESS = envstr("CITYLOOP_MAIL_ADDRESS", "")
# A larger message is refused (SMTP 552) before it is read to the end.
MAIL_MAX_BYTES = envint("CITYLOOP_MAIL_MAX_MB", 25, minimum=1) * 1024 * 1024
# The category of a mailed report that triage cannot classify with confidence.
MAIL_CATEGORY = envstr("CITYLOOP_MAIL_CATEGORY", "other")
# Messages one sender may send per hour; the rest are dropped (and logged).
MAIL_SENDER_LIMIT = envint("CITYLOOP_MAIL_SENDER_LIMIT", 10, minimum=1)
# Days a processed message (and its sender's address) is kept, then blanked.
MAIL_KEEP_DAYS = envint("CITYLOOP_MAIL_KEEP_DAYS", 30, minimum=1)
# The mailbox `cityloop mail-ingest` polls: imaps://user:password@host/INBOX.
MAIL_IMAP_URL = envstr("CITYLOOP_MAIL_IMAP_URL", "")
# How often `cityloop mail-ingest --imap` polls the mailbox.
MAIL_POLL_SECONDS = envint("CITYLOOP_MAIL_POLL_SECONDS", 60, minimum=1)

# --- health and metrics (cityloop/web/health.py) ----------------------------
# /readyz fails when no worker was seen for this long, or a due notification
# has waited this long; /metrics takes this bearer token (then not loopback).
HEARTBEAT_MAX_AGE = envint("CITYLOOP_HEARTBEAT_MAX_AGE", 120, minimum=1)
OUTBOX_MAX_LAG = envint("CITYLOOP_OUTBOX_MAX_LAG", 600, minimum=1)
METRICS_TOKEN = envstr("CITYLOOP_METRICS_TOKEN", "")

# --- Django ----------------------------------------------------------------
INSTALLED_APPS = [
    "cityloop.admin_apps.CityAdminConfig",  # django.contrib.admin, for administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "cityloop.conf",
    "cityloop.geo",
    "cityloop.catalogue",
    "cityloop.cases",
    "cityloop.notify",
    "cityloop.open311",
    "cityloop.sensing",
    "cityloop.triage",
    "cityloop.worker",
    "cityloop.demo",
    "cityloop.web",
    "cityloop.analytics",
    "cityloop.mailin",
    "cityloop.warnings",
    "cityloop.warnings.subscriptions",
    "cityloop.participation",
]

MIDDLEWARE = [
    # First, so that the time it measures is all of a request's (cityloop/metrics.py).
    "cityloop.web.metrics_middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",  # CONTENT_SECURITY_POLICY below
]

ROOT_URLCONF = "cityloop.urls"
WSGI_APPLICATION = "cityloop.wsgi.application"

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
                "django.template.context_processors.i18n",
                "cityloop.web.context.city",
                "cityloop.web.warnings.context.banner",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": database_from_url(
            envstr("DATABASE_URL", ""), sqlite_path=DATA_DIR / "cityloop.sqlite3"
        )
    }
except ValueError as exc:  # a malformed port in the URL, for example
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"  # created with the data directory (conf/datadir.py)
# Front-end libraries come from installed packages, never from a CDN.
STATICFILES_DIRS = [
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("vendor/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
# Serve static files straight from the installed packages, so a fresh
# install needs no collectstatic step (WhiteNoise caches the lookups).
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHOTO_MAX_BYTES = envint("CITYLOOP_PHOTO_MAX_MB", 10, minimum=1) * 1024 * 1024
# Read from the image's header before any pixel is decoded (cases/photos.py):
# a few kilobytes of PNG can claim 100,000 × 100,000 pixels.
PHOTO_MAX_PIXELS = envint("CITYLOOP_PHOTO_MAX_MEGAPIXELS", 50, minimum=1) * 1_000_000
# Anonymous reports per address per hour; failed staff logins per 15 minutes
# per address and account (any spelling of its name), and per address across
# every name tried (cityloop/web/staff/auth.py).
REPORT_RATE_PER_HOUR = envint("CITYLOOP_REPORT_RATE_PER_HOUR", 20, minimum=1)
LOGIN_ATTEMPTS_PER_15_MIN = envint("CITYLOOP_LOGIN_ATTEMPTS", 10, minimum=1)
LOGIN_ATTEMPTS_PER_ADDRESS = envint("CITYLOOP_LOGIN_ATTEMPTS_PER_ADDRESS", 50, minimum=1)
# Reverse proxies whose X-Forwarded-For is believed when counting per address
# (cityloop/web/ratelimit.py); empty: the address the web process sees.
TRUSTED_PROXIES = envnetworks("CITYLOOP_TRUSTED_PROXIES")
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Three photos of PHOTO_MAX_BYTES each, and the form around them.
FILE_UPLOAD_MAX_NUMBER_FILES = 10

LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:queue"
LOGOUT_REDIRECT_URL = "staff:login"

SESSION_COOKIE_HTTPONLY = True
# Secure cookies and HSTS when PUBLIC_URL is https:// (CITYLOOP_SECURE_COOKIES,
# CITYLOOP_HSTS_SECONDS override; cityloop/conf/security.py). Django sends HSTS
# only on requests it knows came over HTTPS: behind nginx, gunicorn learns that
# from X-Forwarded-Proto (docs/deploy.md), so SECURE_PROXY_SSL_HEADER stays unset.
_https = https_settings_from_env(PUBLIC_URL)
SESSION_COOKIE_SECURE = _https["SESSION_COOKIE_SECURE"]
CSRF_COOKIE_SECURE = _https["CSRF_COOKIE_SECURE"]
SECURE_HSTS_SECONDS = _https["SECURE_HSTS_SECONDS"]
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style on any page; images also from the tile server.
CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILES_URL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("CITYLOOP_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # aiosmtpd (mail-ingest's SMTP server) logs each command, email addresses
        # included, at INFO; its warnings name no one.
        "mail.log": {"level": "WARNING"},
    },
}

# --- triage seam (see docs/extending.md) ------------------------------------
TRIAGE_PROVIDER = envstr("CITYLOOP_TRIAGE", "model")
TRIAGE_CONFIDENCE = envfloat("CITYLOOP_TRIAGE_CONFIDENCE", 0.6, low=0, high=1)
DUPLICATE_FINDER = envstr("CITYLOOP_DUPLICATES", "similar")
