"""Reads for the dependency map: the facts of a change (deps.Facts), from the database."""

from __future__ import annotations

from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import BODY_HOME_DEPTH
from gongkai.columns.models import ColumnPage, Listing
from gongkai.documents.models import DocumentRepeal, LibraryPage, PolicyDocumentPage
from gongkai.participation.models import ConsultationPage, QuestionBasis
from gongkai.publishing.deps import Facts
from gongkai.reports.pages import AnnualReportPage
from gongkai.sites.models import BodyHomePage, PortalHomePage


def kind_of(page: Page) -> str | None:
    """Which row of the map a page's change is, or None for a page type never published."""
    cls = page.specific_class
    if cls is None:
        return None
    if issubclass(cls, PolicyDocumentPage):
        return "document"
    if issubclass(cls, AnnualReportPage):
        return "report"
    if issubclass(cls, ConsultationPage):
        return "consultation"
    if issubclass(cls, (PortalHomePage, BodyHomePage, ColumnPage, LibraryPage)):
        return "container"
    return None


def _version_ids(document: PolicyDocumentPage) -> set[int]:
    """Every version linked to it by 修改前版本, both ways, published or not."""
    seen = {document.pk}
    frontier = [document.pk]
    while frontier:
        rows = PolicyDocumentPage.objects.filter(pk__in=frontier).values_list(
            "previous_version_id", flat=True
        )
        older = {pk for pk in rows if pk is not None}
        newer = set(
            PolicyDocumentPage.objects.filter(previous_version_id__in=frontier).values_list(
                "pk", flat=True
            )
        )
        frontier = list((older | newer) - seen)
        seen.update(frontier)
    seen.discard(document.pk)
    return seen


def _pinned(document: PolicyDocumentPage) -> bool:
    """Pinned now, or in one of its two latest revisions (an edit that unpins it, a publication
    of an older revision): the homes below its body show it, or showed it until this change."""
    if document.pinned_subtree:
        return True
    latest = document.revisions.order_by("-created_at", "-pk")[:2]
    return any((revision.content or {}).get("pinned_subtree") for revision in latest)


def facts_of_document(document: PolicyDocumentPage) -> Facts:
    ancestors = list(Page.objects.ancestor_of(document).specific(defer=True).order_by("depth"))
    home = next((p for p in ancestors if p.depth == BODY_HOME_DEPTH), None)
    home = home if isinstance(home, BodyHomePage) else None
    columns = {p.pk for p in ancestors if isinstance(p, ColumnPage)}
    if home is not None:
        # By type, a column lists the whole body's documents of its types: every such column,
        # whatever the document's type was before the change.
        columns |= set(
            ColumnPage.objects.descendant_of(home)
            .exclude(listing=Listing.CHILDREN)
            .values_list("pk", flat=True)
        )
    # Columns of other bodies sharing one of these (A11) list the same documents.
    columns |= set(ColumnPage.objects.filter(shared_from__in=columns).values_list("pk", flat=True))
    shown_by = set(
        PolicyDocumentPage.objects.filter(interprets=document).values_list("pk", flat=True)
    )
    if document.interprets_id:
        shown_by.add(document.interprets_id)
    shown_by |= set(
        DocumentRepeal.objects.filter(repealing_document=document).values_list(
            "document_id", flat=True
        )
    )
    # A consultation whose feedback report names it shows its title and compares its text.
    shown_by |= set(
        ConsultationPage.objects.filter(final_document=document).values_list("pk", flat=True)
    )
    reports = (
        AnnualReportPage.objects.descendant_of(home).values_list("pk", flat=True)
        if home is not None
        else []
    )
    # 权威发布: pinned, or just unpinned, on the home of every body below its own.
    pinned_homes: list[int] = []
    if home is not None and isinstance(home, BodyHomePage) and home.body_id and _pinned(document):
        body = Body.objects.get(pk=home.body_id)
        pinned_homes = list(
            Body.objects.filter(path__startswith=body.path)
            .exclude(home_page=None)
            .values_list("home_page_id", flat=True)
        )
    return Facts(
        page_id=document.pk,
        ancestors=tuple(p.pk for p in ancestors),
        versions=tuple(sorted(_version_ids(document))),
        columns=tuple(sorted(columns)),
        body_home=home.pk if home is not None else None,
        portal=next((p.pk for p in ancestors if isinstance(p, PortalHomePage)), None),
        libraries=tuple(p.pk for p in ancestors if isinstance(p, LibraryPage)),
        shown_by=tuple(sorted(shown_by)),
        reports=tuple(sorted(reports)),
        pinned_homes=tuple(sorted(set(pinned_homes) - {home.pk} if home else ())),
        questions=tuple(
            sorted(
                set(
                    QuestionBasis.objects.filter(document=document).values_list(
                        "question_id", flat=True
                    )
                )
            )
        ),
    )


def facts_of_page(page: Page) -> Facts:
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).order_by("depth")
    return Facts(page_id=page.pk, ancestors=tuple(ancestors.values_list("pk", flat=True)))


def facts_of_body_home(home_page_id: int) -> Facts:
    portal = PortalHomePage.objects.values_list("pk", flat=True).first()
    return Facts(page_id=home_page_id, portal=portal)
