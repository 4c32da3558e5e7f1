"""What counts as a web address, wherever factcheck reads one or publishes one."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_http_url(text: str) -> bool:
    """An absolute http(s) URL, with its scheme and a host ("https://example.org/a", not "example.org/a")."""
    try:
        parts = urlsplit(text)
    except ValueError:  # a malformed IPv6 host, "http://[::1"
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
