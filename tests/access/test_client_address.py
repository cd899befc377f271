"""Which address the per-client sign-in throttle counts, behind the proxy and without it."""

from __future__ import annotations

import pytest

from kpi_core.access.auth import client_address, trusted_proxies

PROXY = "10.0.0.5"


@pytest.mark.parametrize(
    ("peer", "headers", "trusted", "expected"),
    [
        # This host's nginx: the address it saw, from the header it sets.
        (None, {"X-Real-IP": "203.0.113.9"}, (), "203.0.113.9"),
        (None, {"x-real-ip": " 2001:db8::1 "}, (), "2001:db8::1"),
        # A proxy on another host, named by the operator.
        (PROXY, {"X-Real-IP": "203.0.113.9"}, {PROXY}, "203.0.113.9"),
        # A browser reaching the app directly cannot choose its key with the header.
        ("198.51.100.7", {"X-Real-IP": "203.0.113.9"}, (), "198.51.100.7"),
        ("198.51.100.7", {"X-Real-IP": "203.0.113.9"}, {PROXY}, "198.51.100.7"),
        # Nor through X-Forwarded-For, whose first entries are the browser's to write.
        (None, {"X-Forwarded-For": "203.0.113.9"}, (), None),
        ("198.51.100.7", {"X-Forwarded-For": "203.0.113.9, 10.0.0.5"}, (), "198.51.100.7"),
        # Hostile or broken values are no address: the session stands in.
        (None, {}, (), None),
        (None, {"X-Real-IP": ""}, (), None),
        (None, {"X-Real-IP": "<script>alert(1)</script>"}, (), None),
        (None, {"X-Real-IP": "203.0.113.9, 198.51.100.7"}, (), None),
        (None, {"X-Real-IP": "1" * 10_000}, (), None),
        (None, {"X-Real-IP": "203.0.113.9\x00"}, (), None),
        (None, {"X-Real-IP": "' OR 1=1 --"}, (), None),
        ("not-an-address", {}, (), None),
        # An address written two ways is one client.
        ("2001:DB8:0:0::1", {}, (), "2001:db8::1"),
    ],
)
def test_client_address(peer: str | None, headers: dict[str, str], trusted: set[str], expected: str | None) -> None:
    assert client_address(peer, headers, trusted) == expected


def test_trusted_proxies_come_from_the_environment_and_skip_what_is_not_an_address() -> None:
    env = {"KPI_TRUSTED_PROXIES": " 10.0.0.5, nginx.local ,,2001:DB8::2"}
    assert trusted_proxies(env) == {"10.0.0.5", "2001:db8::2"}
    assert trusted_proxies({}) == frozenset()
