"""System checks for the settings that the certification pages rely on."""

from django.conf import settings
from django.core import checks

# Cache backends that cannot hold a rate-limit count for the whole site, with
# the reason.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": (
        "keeps its counts inside each process, so every gunicorn worker "
        "allows the full rate"
    ),
    "django.core.cache.backends.dummy.DummyCache": (
        "stores nothing, so no request is ever limited"
    ),
}


@checks.register(checks.Tags.caches, deploy=True)
def check_rate_limit_cache(app_configs, **kwargs):
    """Warn when the verification pages' rate limit counts in a local cache."""
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    reason = UNSHARED_CACHES.get(backend)
    if reason is None:
        return []

    return [
        checks.Warning(
            f"The cache {alias!r} ({backend}) {reason}.",
            hint=(
                f"Point CACHES[{alias!r}] at a cache shared by all workers, "
                "such as django.core.cache.backends.redis.RedisCache, to rate-"
                "limit the public certificate verification pages."
            ),
            id="certifications.W001",
        )
    ]
