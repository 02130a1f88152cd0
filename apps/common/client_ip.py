"""The client's address for the lock-out, trusting X-Forwarded-For only from known proxies.

`settings.TRUSTED_PROXIES` lists addresses or networks (``10.0.0.5``, ``10.0.0.0/24``) of the
reverse proxies in front of the application. A request from anywhere else is identified by its
REMOTE_ADDR, whatever headers it sends. A request from a trusted proxy is identified by the
right-most address of X-Forwarded-For that is not itself a trusted proxy: entries to its left
were written by the client and could be anything.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not remote or not networks or not _trusted(remote, networks):
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    for address in reversed(forwarded):
        if not _trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a malformed hop: fall back to the proxy itself
    return remote
