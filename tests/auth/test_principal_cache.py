"""The principal cache of the screening path: entries expire after the TTL, a TTL of 0
caches nothing, and a token is cached per client address."""

from concord.auth.cache import PrincipalCache
from concord.auth.principal import Principal
from concord.auth.roles import Role

P = Principal(account_id="a1", username="u", kind="service", role=Role.BORDER_OFFICER, country="FR")


def test_expires_after_ttl() -> None:
    now = [100.0]
    cache = PrincipalCache(2.0, clock=lambda: now[0])
    cache.put("cnc_x", "10.0.0.1", P)
    assert cache.get("cnc_x", "10.0.0.1") is P
    assert cache.get("cnc_x", "10.0.0.2") is None
    assert cache.get("cnc_y", "10.0.0.1") is None
    now[0] += 2.0
    assert cache.get("cnc_x", "10.0.0.1") is None


def test_zero_ttl_caches_nothing() -> None:
    cache = PrincipalCache(0)
    cache.put("cnc_x", None, P)
    assert cache.get("cnc_x", None) is None
