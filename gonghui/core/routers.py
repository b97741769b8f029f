"""The database cache on a connection of its own (settings.CACHES without Redis)."""

CACHE_APP_LABEL = "django_cache"  # the label of DatabaseCache's internal model


class CacheRouter:
    def _alias(self):
        from django.conf import settings

        return "cache" if "cache" in settings.DATABASES else None

    def db_for_read(self, model, **hints):
        return self._alias() if model._meta.app_label == CACHE_APP_LABEL else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == "cache":
            return app_label == CACHE_APP_LABEL
        if app_label == CACHE_APP_LABEL and self._alias():
            return False
        return None
