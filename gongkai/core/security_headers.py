"""The security headers of every response, in one place (docs/security.md, "内容安全策略").

The public site loads nothing from another origin and runs no inline script or style, so its
Content-Security-Policy allows only the site's own files. The published pages are files served by
nginx; `static_page_headers()` is what nginx adds to them, and Django sends the same values on the
pages it renders itself: the settings (django-csp's CONTENT_SECURITY_POLICY, the Referrer-Policy,
Cross-Origin-Opener-Policy and X-Frame-Options of Django's middleware) are derived from this module.

The staff's admin (Wagtail under /admin/, Django's under /django-admin/) writes inline scripts and
styles (date pickers, inline panels), so those paths get their own, looser policy: still nothing
from another origin, no plugins, no framing by another site.
"""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import DEFAULT_DIRECTIVES, build_policy, default_config

# The public pages: the site's own scripts, styles, images and fonts only.
PUBLIC_DIRECTIVES: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}

# The admin: Wagtail's and Django's own templates need inline script and style; images may be
# data: and blob: URLs (the upload previews); Wagtail frames its own preview.
STAFF_DIRECTIVES: dict[str, list[str]] = {
    **PUBLIC_DIRECTIVES,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-ancestors": [SELF],
}
STAFF_PATH_PREFIXES = ("/admin/", "/django-admin/")

# The browser features no page of the platform uses, switched off for the page and its frames.
PERMISSIONS_POLICY_FEATURES = (
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in PERMISSIONS_POLICY_FEATURES)
REFERRER_POLICY = "same-origin"
CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# For settings.py: django-csp's enforced policy is the public one.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": PUBLIC_DIRECTIVES}

_ORDER = {
    name: i for i, name in enumerate(dict.fromkeys([*PUBLIC_DIRECTIVES, *DEFAULT_DIRECTIVES]))
}


def ordered_policy(policy: str) -> str:
    """The policy with its directives in one fixed order (django-csp joins them in set order,
    which changes from one process to the next)."""
    parts = [p.strip() for p in policy.split(";") if p.strip()]
    parts.sort(key=lambda p: _ORDER.get(p.split(" ", 1)[0], len(_ORDER)))
    return "; ".join(parts)


def csp_header(directives: dict[str, list[str]]) -> str:
    """The Content-Security-Policy value of `directives`, as the middleware sends it."""
    return ordered_policy(build_policy(config=default_config(directives)))


def static_page_headers() -> dict[str, str]:
    """The headers of a public HTML page, exactly as Django sends them (and nginx must)."""
    return {
        "Content-Security-Policy": csp_header(PUBLIC_DIRECTIVES),
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Referrer-Policy": REFERRER_POLICY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": X_FRAME_OPTIONS,
        "Cross-Origin-Opener-Policy": CROSS_ORIGIN_OPENER_POLICY,
    }


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PATH_PREFIXES)


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the staff policy for the admin's paths, with the
    directives in a fixed order, and the Permissions-Policy on every response."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_staff_path(request.path_info):
            parts.config = default_config(STAFF_DIRECTIVES)
        return parts

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail's preview runs the page through the middleware on a made-up request for the
            # page's public path; the admin's own request, around it, sets the staff policy.
            return response
        response = super().process_response(request, response)
        for header in (HEADER, HEADER_REPORT_ONLY):
            if header in response:
                response[header] = ordered_policy(response[header])
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
