"""The address a request came from, for the login lockout (django-axes) and throttles.

Behind nginx every request comes from nginx's own address; nginx appends the client's address to
`X-Forwarded-For`. With `GONGKAI_TRUSTED_PROXIES` = the number of proxies in front of the app
server (1 for the deploy recipe's nginx), the address that many hops from the right is the
client's; a client cannot forge it, since it can only add hops on the left. Without a proxy
(`make run`), `REMOTE_ADDR` is the client.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = settings.GONGKAI_TRUSTED_PROXIES
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
