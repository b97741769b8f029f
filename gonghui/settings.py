"""One settings module, driven by the environment.

GONGHUI_ENV=production (set by `gonghui serve`) turns DEBUG off and requires the secrets.
Otherwise (demo, development, tests) a per-data-folder secret is generated on first use.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PRODUCTION = os.environ.get("GONGHUI_ENV") == "production"
TESTING = os.environ.get("GONGHUI_TESTING") == "1"
# pytest-django imports these settings before the root conftest.py can set GONGHUI_TESTING, so also
# recognise pytest itself (it exports PYTEST_VERSION before loading any plugin).
TESTING = TESTING or ("PYTEST_VERSION" in os.environ and os.environ.get("GONGHUI_TESTING") != "0")
DATA_DIR = Path(os.environ.get("GONGHUI_DATA_DIR", Path.cwd() / "gonghui-data")).resolve()
if TESTING and "GONGHUI_DATA_DIR" not in os.environ:
    # Each test run has its own data folder (uploads, exports): two runs at once (CI runs SQLite and
    # PostgreSQL side by side) never see each other's files, and none is left in the checkout.
    import atexit
    import shutil
    import tempfile

    DATA_DIR = Path(tempfile.mkdtemp(prefix="gonghui-test-data-"))
    atexit.register(shutil.rmtree, DATA_DIR, ignore_errors=True)


def _local_secret(name: str, make) -> str:
    """Development secrets live in the data folder so a restarted demo keeps its sessions and data."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: production mode needs it from the environment.")
    return value


if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    GONGHUI_ENCRYPTION_KEY = _required("GONGHUI_ENCRYPTION_KEY")
    DEBUG = False
elif TESTING:
    SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
    GONGHUI_ENCRYPTION_KEY = "test-encryption-key-not-for-production"
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret(
        "secret_key", lambda: secrets.token_urlsafe(50)
    )
    GONGHUI_ENCRYPTION_KEY = os.environ.get("GONGHUI_ENCRYPTION_KEY") or _local_secret(
        "encryption_key", lambda: secrets.token_urlsafe(32)
    )
    DEBUG = os.environ.get("GONGHUI_DEBUG") == "1"

# Old keys, comma-separated, still accepted for reading during a key rotation (see docs/deploy.md).
GONGHUI_OLD_ENCRYPTION_KEYS = [k for k in os.environ.get("GONGHUI_OLD_ENCRYPTION_KEYS", "").split(",") if k]

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h] or (
    ["*"] if not PRODUCTION else []
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: production mode needs the site's host names.")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the stock widget templates, found by FORM_RENDERER below
    "django_htmx",
    "ninja",  # serves the API docs page's Swagger UI from local static files, not a CDN
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.orgs",
    "gonghui.members",
    "gonghui.servicedesk",
    "gonghui.volunteers",
    "gonghui.tournaments",
    "gonghui.fitness",
    "gonghui.notices",
    "gonghui.lectures",
    "gonghui.activities",
    "gonghui.care",
    "gonghui.rights",
    "gonghui.home",
    "gonghui.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.core.middleware.ForgetFactsOnWriteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

# Widgets render through the project's templates, so gonghui/templates/django/forms/ may override
# one; the select is drawn in Python (core.renderers).
FORM_RENDERER = "gonghui.core.renderers.FormRenderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context_processors.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Each gunicorn thread keeps its connection for CONN_MAX_AGE (no connect per request: on this
    # 2-core machine a PostgreSQL connect costs more than a page's queries); a connection the server
    # closed meanwhile (restart, failover, idle timeout) is found and replaced before a request uses it.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("GONGHUI_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash hundreds of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] + PASSWORD_HASHERS
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The cache holds what every web and worker process must see alike: login locks and counters,
# one-time codes, job progress. Never local memory outside tests: Redis, or else the database cache
# on a connection of its own ("cache"), so a job's progress is written outside the job's
# transaction (and, on SQLite, in a file of its own, not blocked by an import's write lock).
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_ROUTERS = ["gonghui.core.routers.CacheRouter"]
if TESTING:
    # Per-test isolation (tests/conftest.py clears it); tests/core/test_jobs_processes.py shows that
    # the database cache is shared between processes.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "gonghui.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gonghui_cache"}
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["cache"] = {**DATABASES["default"], "NAME": str(DATA_DIR / "cache.sqlite3")}
    else:
        DATABASES["cache"] = dict(DATABASES["default"])  # same database, another connection

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# One way to write a date for people (gonghui/formats): 2026年12月3日; English: Dec. 3, 2026.
FORMAT_MODULE_PATH = ["gonghui.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root otherwise
STATICFILES_DIRS = [BASE_DIR / "static"]  # gonghui/static is not inside an app
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Static files are for this site's pages only: no `Access-Control-Allow-Origin: *`.
WHITENOISE_ALLOW_ALL_ORIGINS = False
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
# The largest upload (a roster .xlsx) in bytes: refused from its Content-Length before the body is
# read. docs/deploy.md sets nginx's client_max_body_size just above it.
GONGHUI_UPLOAD_MAX_BYTES = int(os.environ.get("GONGHUI_UPLOAD_MAX_MB", "20")) * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): scripts, styles and everything else from this site only.
# No template holds inline script, on…= handlers or style attributes (behaviour is in
# gonghui/static/gonghui/app.js); htmx is told not to inject styles or evaluate code (base.html).
# Images may be data: URIs (Swagger UI's icons, the admin's).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("GONGHUI_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGHUI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Background jobs run on Huey (docs/deploy.md): "sync" runs each job at once in the caller (tests),
# "sqlite" queues them in a SQLite file in the data folder (embedded default, no Redis: `gonghui demo`
# and `gonghui serve` start a worker next to the server), "redis" queues them in Redis for any number
# of `gonghui worker` processes on any number of machines.
GONGHUI_TASKS = os.environ.get("GONGHUI_TASKS") or (
    "sync" if TESTING else ("redis" if REDIS_URL else "sqlite")
)
if GONGHUI_TASKS not in ("sync", "sqlite", "redis"):
    raise ImproperlyConfigured(f"GONGHUI_TASKS={GONGHUI_TASKS!r}: use sync, sqlite or redis.")
if GONGHUI_TASKS == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("GONGHUI_TASKS=redis needs REDIS_URL.")
GONGHUI_TASKS_REDIS_URL = os.environ.get("GONGHUI_TASKS_REDIS_URL", REDIS_URL)  # tests point it elsewhere
# A running job renews its lease every quarter of this; a job whose lease lapsed (or whose process on
# this machine is gone) is run again, up to GONGHUI_JOB_ATTEMPTS times in all, then failed.
GONGHUI_JOB_LEASE_SECONDS = int(os.environ.get("GONGHUI_JOB_LEASE_SECONDS", "60"))
GONGHUI_JOB_ATTEMPTS = int(os.environ.get("GONGHUI_JOB_ATTEMPTS", "3"))
# Transient errors (database or Redis unreachable) are retried after 2 s, 4 s, 8 s …
GONGHUI_JOB_RETRY_DELAY = float(os.environ.get("GONGHUI_JOB_RETRY_DELAY", "2"))
# Uploaded inputs and produced files of jobs are deleted after this, whatever happened to the job.
GONGHUI_JOB_FILES_KEEP_SECONDS = int(os.environ.get("GONGHUI_JOB_FILES_KEEP_SECONDS", str(24 * 3600)))
# One-time login codes go through this sender (dotted path to a class with send(phone, code)).
GONGHUI_CODE_SENDER = os.environ.get("GONGHUI_CODE_SENDER", "gonghui.accounts.senders.ConsoleSender")
# Public base URL printed into QR codes (member card verification).
GONGHUI_PUBLIC_URL = os.environ.get("GONGHUI_PUBLIC_URL", "http://127.0.0.1:8000")
# Reverse proxies (e.g. the local nginx) whose X-Forwarded-For names the real client, for the
# per-address login limits; empty means REMOTE_ADDR is the client.
GONGHUI_TRUSTED_PROXIES = frozenset(
    p.strip() for p in os.environ.get("GONGHUI_TRUSTED_PROXIES", "").split(",") if p.strip()
)
# Bearer tokens for apps (POST /api/v1/auth/token) stop working this many days after they are issued.
GONGHUI_API_TOKEN_DAYS = int(os.environ.get("GONGHUI_API_TOKEN_DAYS", "30"))
if GONGHUI_API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured("GONGHUI_API_TOKEN_DAYS must be at least 1.")
GONGHUI_LOGIN_FAILURE_LIMIT = 5
GONGHUI_LOGIN_LOCK_SECONDS = 15 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refused request (403, CSRF failure, any 4xx) is one line; a 500 keeps its traceback.
    "filters": {"one_line_refusals": {"()": "gonghui.core.logs.OneLineRefusals"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["one_line_refusals"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGHUI_LOG_LEVEL", "INFO")},
    # huey logs every periodic tick at INFO; core.tasks logs what matters (failures, reaped jobs).
    "loggers": {"django.db.backends": {"level": "WARNING"}, "huey": {"level": "WARNING"}},
}
