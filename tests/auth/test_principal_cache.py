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


def test_one_request_refreshes_an_expired_entry_while_the_others_keep_it() -> None:
    """No stampede: at expiry one caller re-authenticates; the rest keep the principal for at
    most another half TTL, and a failed refresh drops it for everyone."""
    now = [100.0]
    cache = PrincipalCache(2.0, clock=lambda: now[0])
    cache.put("cnc_x", None, P)
    now[0] += 2.1
    assert cache.get("cnc_x", None) is None  # this caller refreshes
    assert cache.get("cnc_x", None) is P  # the others wait on it
    now[0] += 0.5
    assert cache.get("cnc_x", None) is P
    cache.put("cnc_x", None, P)  # refreshed
    now[0] += 1.9
    assert cache.get("cnc_x", None) is P
    now[0] += 0.2
    assert cache.get("cnc_x", None) is None  # expired again: this one refreshes
    cache.drop("cnc_x", None)  # ... and the token was revoked
    assert cache.get("cnc_x", None) is None


def test_a_stale_principal_never_outlives_one_and_a_half_ttl() -> None:
    now = [100.0]
    cache = PrincipalCache(2.0, clock=lambda: now[0])
    cache.put("cnc_x", None, P)
    now[0] += 2.1
    assert cache.get("cnc_x", None) is None  # a refresh begins and never reports back
    now[0] += 0.8
    assert cache.get("cnc_x", None) is P
    now[0] += 0.2  # 3.1 s after it was read
    assert cache.get("cnc_x", None) is None
    assert cache.get("cnc_x", None) is None
