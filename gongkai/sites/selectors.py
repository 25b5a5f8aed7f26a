"""Reads about the website a page belongs to: its footer items and its 网站标识码."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wagtail.models import Site

from gongkai.bodies.models import Body
from gongkai.sites.models import SiteFooterSettings

# Where a filing number is checked: MIIT wants the ICP number linked to its filing system, the
# public-security number links to its record (the digits of "甘公网安备 62010202000548号").
ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
_POLICE_CODE = re.compile(r"\d{10,}")

# The request attribute keeping the Site's footer settings (static publishing carries it from one
# request to the next of the same host).
FOOTER_REQUEST_ATTR = "_gongkai_site_footer_settings"


@dataclass(frozen=True)
class SiteFooter:
    """What the footer of a page shows (an empty value is not shown) and the SiteIDCode meta."""

    organiser: str = ""
    phone: str = ""
    email: str = ""
    site_id_code: str = ""
    icp_number: str = ""
    police_number: str = ""
    police_url: str = ""
    mark_src: str = ""
    mark_url: str = ""

    @property
    def icp_url(self) -> str:
        return ICP_URL


def site_footer_settings(request) -> SiteFooterSettings | None:
    """The footer settings of the request's Site, kept on the request; read, never created (Wagtail's
    `for_request` would create an empty row on a page view)."""
    if request is None:
        return None
    if not hasattr(request, FOOTER_REQUEST_ATTR):
        site = Site.find_for_request(request)
        found = (
            SiteFooterSettings.base_queryset().filter(site=site).first()
            if site is not None
            else None
        )
        setattr(request, FOOTER_REQUEST_ATTR, found)
    return getattr(request, FOOTER_REQUEST_ATTR)


def site_id_code_for(body: Body | None, settings: SiteFooterSettings | None) -> str:
    """网站标识码 of a page: its body's; on the pages of no body (the portal, the library, search,
    依申请公开) the Site's, as its footer settings give it, else that of the top body of the tree
    (the province: the platform is its website)."""
    if body is not None and body.site_id_code:
        return body.site_id_code
    if settings is not None and settings.site_id_code:
        return settings.site_id_code
    root = Body.get_first_root_node()
    return root.site_id_code if root is not None else ""


def site_footer(request, body: Body | None) -> SiteFooter:
    """The footer of a page of `body` (None off the bodies' sections): 主办单位 is the body on its own
    pages, else the Site's; the rest is the Site's (《政府网站发展指引》)."""
    settings = site_footer_settings(request)
    code = site_id_code_for(body, settings)
    if settings is None:
        return SiteFooter(organiser=body.name if body else "", site_id_code=code)
    police = _POLICE_CODE.search(settings.police_number)
    mark = settings.party_gov_mark
    return SiteFooter(
        organiser=body.name if body else settings.organiser,
        phone=settings.phone,
        email=settings.email,
        site_id_code=code,
        icp_number=settings.icp_number,
        police_number=settings.police_number,
        police_url=POLICE_URL.format(code=police.group(0)) if police else "",
        mark_src=mark.file.url if mark is not None else "",
        mark_url=settings.party_gov_mark_url,
    )
