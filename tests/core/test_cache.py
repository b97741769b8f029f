"""The Redis cache keeps one client per connection pool (Django's builds one per operation)."""

from gonghui.core.cache import RedisCache


def test_the_redis_cache_reuses_its_client_and_pool():
    # No command is sent: building a client connects to nothing.
    cache = RedisCache("redis://127.0.0.1:6399/15", {})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b", write=True) is first
    assert first.connection_pool is cache._cache._get_connection_pool(write=False)


def test_each_server_has_a_client_of_its_own():
    cache = RedisCache("redis://127.0.0.1:6399/15,redis://127.0.0.1:6399/14", {})
    writer = cache._cache.get_client(write=True)  # the first server takes the writes
    assert cache._cache.get_client(write=True) is writer
    assert writer.connection_pool.connection_kwargs["db"] == 15
