"""Who is on the other end: the client's address, behind a trusted proxy or not, and whether
the request came over HTTPS. No Streamlit import here (the cookie route uses it too).

``DL_TRUSTED_PROXIES`` (comma-separated addresses or networks, default ``127.0.0.1,::1``) names
the proxies whose ``X-Real-IP`` / ``X-Forwarded-For`` / ``X-Forwarded-Proto`` headers are
believed; from any other peer these headers are ignored (anyone can send them). The deploy's nginx
(deploy/nginx.conf.template) sets all three. uvicorn, which serves Streamlit 1.67, already
replaces the peer by the ``X-Forwarded-For`` client when the peer is in its own
``FORWARDED_ALLOW_IPS`` (default the same loopback addresses), so both layers agree.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Mapping

DEFAULT_TRUSTED = "127.0.0.1,::1"
LOOPBACK = "127.0.0.1"


def trusted_proxies(spec: str | None = None) -> list:
    """The trusted proxies as ``ipaddress`` networks (bad entries are skipped)."""
    spec = os.environ.get("DL_TRUSTED_PROXIES", DEFAULT_TRUSTED) if spec is None else spec
    nets = []
    for part in str(spec).split(","):
        part = part.strip()
        if not part:
            continue
        try:
            nets.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            continue
    return nets


def _ip(text) -> str | None:
    """``text`` as a normalized IP address (None when it is not one)."""
    try:
        return str(ipaddress.ip_address(str(text).strip().strip("[]")))
    except ValueError:
        return None


def is_trusted(peer: str | None, nets: list | None = None) -> bool:
    ip = _ip(peer) if peer else None
    if ip is None:
        return False
    nets = trusted_proxies() if nets is None else nets
    addr = ipaddress.ip_address(ip)
    return any(addr.version == n.version and addr in n for n in nets)


def _header(headers: Mapping[str, str], name: str) -> str:
    for k, v in (headers or {}).items():
        if str(k).lower() == name:
            return str(v)
    return ""


def client_address(peer: str | None, headers: Mapping[str, str],
                   nets: list | None = None) -> str:
    """The client's address: the peer's, or, when the peer is a trusted proxy, the one it reports
    (``X-Real-IP``, else the last ``X-Forwarded-For`` hop: the address the proxy itself saw; the
    hops before it are whatever the client wrote). ``peer`` None means loopback (Streamlit's
    ``st.context.ip_address`` hides 127.0.0.1 and ::1)."""
    peer_ip = _ip(peer) if peer else LOOPBACK
    if peer_ip is None:
        return str(peer)[:64]
    if is_trusted(peer_ip, nets):
        real = _ip(_header(headers, "x-real-ip"))
        if real:
            return real
        hops = [h for h in _header(headers, "x-forwarded-for").split(",") if h.strip()]
        last = _ip(hops[-1]) if hops else None
        if last:
            return last
    return peer_ip


def is_https(peer: str | None, headers: Mapping[str, str], scheme: str,
             nets: list | None = None) -> bool:
    """Whether the browser's request came over HTTPS: ``X-Forwarded-Proto`` from a trusted proxy
    (its last value), else the request's own scheme."""
    if peer and is_trusted(peer, nets):
        proto = _header(headers, "x-forwarded-proto").split(",")[-1].strip().lower()
        if proto:
            return proto == "https"
    return str(scheme).lower() in ("https", "wss")
