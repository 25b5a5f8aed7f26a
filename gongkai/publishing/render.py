"""Render a URL as an anonymous visitor without cookies gets it from Django.

The request goes through Django's own handler with every middleware (`BaseHandler.get_response`,
what the WSGI handler calls), so the bytes are those Django serves at that address: the same
redirects, headers' side effects and templates. The WSGI handler itself is not called: it sends
`request_started`/`request_finished`, which close the worker's database connection mid-task
(inside a transaction Django closes it as unusable).
A response is publishable only if it is a plain 200 HTML page that sets no cookie (a page that
did would depend on the visitor: a CSRF token, a session).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.test import RequestFactory, override_settings
from django.urls import set_script_prefix

from gongkai.sites.selectors import FOOTER_REQUEST_ATTR

_handler: BaseHandler | None = None


# The worker renders right after the change commits: from the primary, never from a read replica
# that may lag behind it (core/dbrouter.py marks anonymous GETs for the replica; it changes
# nothing in the response).
PRIMARY_ONLY_SKIPS = ("gongkai.core.dbrouter.ReplicaReadMiddleware",)


def _get_handler() -> BaseHandler:
    global _handler
    if _handler is None:
        handler = BaseHandler()
        middleware = [m for m in settings.MIDDLEWARE if m not in PRIMARY_ONLY_SKIPS]
        with override_settings(MIDDLEWARE=middleware):
            handler.load_middleware()
        _handler = handler
    return _handler


@dataclass(frozen=True)
class Rendered:
    status: int
    content: bytes
    publishable: bool


def host_of(site) -> str:
    port = site.port
    return site.hostname if port in (80, 443) else f"{site.hostname}:{port}"


# What a request keeps once found and is the same for every request to a host while the database
# does not change: the Wagtail Site (with its root page) and the Site's footer settings.
CARRIED = ("_wagtail_site", FOOTER_REQUEST_ATTR)


def render(site, path: str, carried: dict | None = None) -> Rendered:
    """GET `path` on the site's host, as a visitor without cookies (over HTTPS where the
    production profile redirects to it, as nginx forwards it).

    `carried`, one dict per run (`Renderer`), keeps per host the request attributes of `CARRIED`
    the first requests found, and gives them to the next requests: each lookup runs once per run,
    not once per page. Only within one run, in which the database does not change."""
    secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    host = host_of(site)
    extra = {"HTTP_HOST": host}
    if secure:
        extra["HTTP_X_FORWARDED_PROTO"] = "https"
    request = RequestFactory().get(path, secure=secure, **extra)
    known = carried.setdefault(host, {}) if carried is not None else {}
    for name, value in known.items():
        setattr(request, name, value)
    set_script_prefix("/")
    response = _get_handler().get_response(request)
    # Not response.close(): it sends `request_finished` too.
    for name in CARRIED:
        if name not in known and hasattr(request, name):
            known[name] = getattr(request, name)
    if getattr(response, "streaming", False):
        return Rendered(response.status_code, b"", False)
    content = response.content
    publishable = (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
    )
    return Rendered(response.status_code, content, publishable)


class Renderer:
    """Renders the addresses of one run (a full rebuild, a batch of the outbox)."""

    def __init__(self) -> None:
        self.carried: dict[str, dict] = {}

    def __call__(self, site, path: str) -> Rendered:
        return render(site, path, self.carried)
