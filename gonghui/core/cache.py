"""Django's Redis cache with one Redis client per connection pool instead of one per operation.

Django builds a new `redis.Redis` for every get and set (its table of response callbacks and all),
a tenth of a millisecond each time; a page reads the session and the user's facts, so that was
paid several times on every request. A client is safe to share between threads: it takes a
connection from the pool for each command. The pool is Django's own, one per server, as before.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # Two threads may both build one the first time; the spare is dropped, harmlessly.
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
