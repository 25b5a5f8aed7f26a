"""The access matrix (access.py): Wagtail's page screens and the choosers, for every persona,
on the office's draft (in review, with its attachment) and its column."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.web.tests import access
from gongkai.web.tests.access import (
    ANY_STAFF,
    DRAFT_TITLE,
    NOBODY,
    OFFICE_PAGES,
    OFFICE_PUBLISH,
    OFFICE_REVIEW,
    OPERATOR,
    PAGE_STAFF,
    PERSONAS,
    body_of,
    but,
    family,
    only,
    probe_row,
)

# The world of office and city objects, built once for this module (access.py).
world = access.world
_media_of_the_world = access._media_of_the_world

P = r"admin/pages/<int:page_id>/"
Q = "?q=matrixdoc"  # the draft's and the public document's titles hold it
FAMILIES = [
    # --- Pages ----------------------------------------------------------------------------------
    family(
        "explorer root",
        r"admin/pages/$",
        "/admin/pages/",
        # Wagtail sends staff on to their own section; those without page rights back.
        but(only(OPERATOR, others="away"), clerk="no", office_head="no", other_clerk="no"),
    ),
    family(
        "explorer of the office column",
        (r"admin/pages/<int:parent_page_id>/$", r"admin/pages/<int:parent_page_id>/results/$"),
        "/admin/pages/{column}/",
        but(only(OFFICE_PAGES, others="away"), clerk="no", office_head="no", other_clerk="no"),
        finds_draft=True,
    ),
    family(
        "page search",
        r"admin/pages/search/",
        "/admin/pages/search/" + Q,
        only(PAGE_STAFF),
        finds_draft=True,
    ),
    family(
        "page edit",
        P + "edit/$",
        "/admin/pages/{draft}/edit/",
        only(OFFICE_PAGES),
        finds_draft=True,
    ),
    family(
        "page preview",
        P + "edit/preview/$",
        "/admin/pages/{draft}/edit/preview/",
        only(OFFICE_PAGES),
    ),
    family(
        "view draft", P + "view_draft/$", "/admin/pages/{draft}/view_draft/", only(OFFICE_PAGES)
    ),
    family(
        "add subpage",
        r"admin/pages/<int:parent_page_id>/add_subpage/$",
        "/admin/pages/{column}/add_subpage/",
        only(OFFICE_PAGES),
    ),
    family(
        "add page",
        (r"admin/pages/add/.*<int:parent_page_id>/$", r"admin/pages/add/.*/preview/$"),
        "/admin/pages/add/documents/policydocumentpage/{column}/",
        only(OFFICE_PAGES),
    ),
    family(
        "choose parent to create",
        r"admin/pages/create/",
        "/admin/pages/create/documents/policydocumentpage",
        ANY_STAFF,  # lists only where the user may add
    ),
    # An editor may delete or move a draft, as Wagtail allows those who may add pages.
    family("page delete", P + "delete/$", "/admin/pages/{draft}/delete/", only(OFFICE_PAGES)),
    family(
        "page move",
        (
            r"admin/pages/<int:page_to_move_id>/move/",
            r"admin/pages/<int:page_to_move_id>/set_position/",
        ),
        "/admin/pages/{draft}/move/",
        only(OFFICE_PAGES),
    ),
    family("page copy", P + "copy/$", "/admin/pages/{draft}/copy/", only(OFFICE_PAGES)),
    family(
        "page unpublish (a draft)", P + "unpublish/$", "/admin/pages/{draft}/unpublish/", NOBODY
    ),
    family(
        "page convert alias", P + "convert_alias/$", "/admin/pages/{draft}/convert_alias/", NOBODY
    ),
    family(
        "page lock / unlock (POST only)",
        (P + "lock/$", P + "unlock/$"),
        "/admin/pages/{draft}/lock/",
        NOBODY,
    ),
    family("page privacy", P + "privacy/$", "/admin/pages/{draft}/privacy/", only(OFFICE_PUBLISH)),
    family(
        "page revisions (sent on to the history)",
        P + "revisions/$",
        "/admin/pages/{draft}/revisions/",
        only(set(), others="away"),
    ),
    family(
        "page revision view",
        (P + "revisions/<int:revision_id>/view/", P + "revisions/<int:revision_id>/revert/"),
        "/admin/pages/{draft}/revisions/{revision}/view/",
        only(OFFICE_PAGES),
    ),
    family(
        "page revision unschedule",
        P + "revisions/<int:revision_id>/unschedule/",
        "/admin/pages/{draft}/revisions/{revision}/unschedule/",
        only(OFFICE_PUBLISH),
    ),
    family(
        "page revisions compare",
        r"admin/pages/\^\(\?P<pk>",
        "/admin/pages/{draft}/revisions/compare/earliest...latest/",
        only(OFFICE_PAGES),
    ),
    family(
        "page history",
        (P + "history/$", P + "history/results/$"),
        "/admin/pages/{draft}/history/",
        only(OFFICE_PAGES),
        finds_draft=True,
    ),
    family("page usage", P + "usage/$", "/admin/pages/{draft}/usage/", only(OFFICE_PAGES)),
    # The province's site admin edits the pages of the bodies below it (issue 12 item 1): the
    # office's home page and its annual report draft; the city's staff get nothing of them.
    family(
        "the office's home page: edit",
        (),
        "/admin/pages/{office_home}/edit/",
        only(OFFICE_PAGES),
        hides="office",
        finders=OFFICE_PAGES,
    ),
    family(
        "the office's annual report draft: edit",
        (),
        "/admin/pages/{report}/edit/",
        only(OFFICE_PAGES),
        hides="office",
        finders=OFFICE_PAGES,
    ),
    family(
        "page workflow history",
        P + "workflow_history/",
        "/admin/pages/{draft}/workflow_history/detail/{workflow_state}/",
        only(OFFICE_PAGES),
    ),
    family(
        "workflow action",
        (r"admin/pages/workflow/action/", r"admin/pages/workflow/collect_action_data/"),
        "/admin/pages/workflow/action/{draft}/approve/{task_state}/",
        only(OFFICE_REVIEW),
    ),
    family(
        "workflow preview",
        r"admin/pages/workflow/preview/",
        "/admin/pages/workflow/preview/{draft}/{task}/",
        only(OFFICE_REVIEW),
    ),
    family(
        "workflow cancellation",
        r"admin/pages/workflow/confirm_cancellation/",
        "/admin/pages/workflow/confirm_cancellation/{draft}/",
        only(OFFICE_PAGES),
    ),
    family(
        "pages of a type (operator only)",
        r"admin/pages/usage/<slug:content_type_app_name>",
        "/admin/pages/usage/documents/policydocumentpage/",
        only(OPERATOR),
    ),
    family(
        "bulk actions",
        r"admin/bulk/",
        "/admin/bulk/wagtailcore/page/delete/?id={draft}",
        only(OFFICE_PAGES),
        finds_draft=True,
    ),
    # --- Choosers -------------------------------------------------------------------------------
    family("page chooser", r"admin/choose-page/$", "/admin/choose-page/", ANY_STAFF),
    family(
        "page chooser browse into a live column",
        r"admin/choose-page/<int:parent_page_id>/",
        "/admin/choose-page/{column}/",
        ANY_STAFF,
        finds_draft=True,
    ),
    family(
        "page chooser browse into the draft", (), "/admin/choose-page/{draft}/", only(OFFICE_PAGES)
    ),
    family(
        "page chooser search",
        r"admin/choose-page/search/",
        "/admin/choose-page/search/" + Q,
        ANY_STAFF,
        finds_draft=True,
    ),
    family(
        "page chooser chosen",
        r"admin/choose-page/chosen-multiple/",
        "/admin/choose-page/chosen-multiple/?id={draft}",
        only(OFFICE_PAGES),
        finds_draft=True,
    ),
    family(
        "link choosers (external, e-mail, phone, anchor)",
        (
            r"admin/choose-external-link/",
            r"admin/choose-email-link/",
            r"admin/choose-phone-link/",
            r"admin/choose-anchor-link/",
        ),
        "/admin/choose-external-link/",
        ANY_STAFF,
    ),
    family(
        "document chooser",
        (
            r"admin/documents/chooser/$",
            r"admin/documents/chooser/results/",
            r"admin/documents/chooser/create/",
        ),
        "/admin/documents/chooser/" + Q,
        ANY_STAFF,
        finds_draft=True,
    ),
    family(
        "document chooser chosen",
        r"admin/documents/chooser/chosen",
        "/admin/documents/chooser/chosen/{attachment}/",
        only(OFFICE_PAGES),
        finds_draft=True,
    ),
    family(
        "image chooser",
        (
            r"admin/images/chooser/$",
            r"admin/images/chooser/results/",
            r"admin/images/chooser/create/",
        ),
        "/admin/images/chooser/",
        ANY_STAFF,
    ),
    family(
        "image chooser chosen",
        (r"admin/images/chooser/chosen", r"admin/images/chooser/<int:image_id>/select_format/"),
        "/admin/images/chooser/chosen/{image}/",
        only(OFFICE_PAGES),
    ),
    # The catalogue template and the workflow's tasks are the platform's, not a body's.
    family(
        "snippet choosers",
        r"admin/snippets/choose/",
        "/admin/snippets/choose/columns/catalogueentry/",
        ANY_STAFF,
    ),
    family(
        "task chooser",
        r"admin/workflows/task_chooser/",
        "/admin/workflows/task_chooser/",
        ANY_STAFF,
    ),
    family("embed chooser", r"admin/embeds/", "/admin/embeds/chooser/", ANY_STAFF),
    family(
        "tag autocomplete", r"admin/tag-autocomplete/", "/admin/tag-autocomplete/?term=x", ANY_STAFF
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_what_each_persona_gets(client, db, world, _media_of_the_world, persona):
    probe_row(client, world, FAMILIES, persona)


def test_the_draft_is_a_draft_of_the_office(world, db):
    draft = Page.objects.get(pk=world.ids["draft"])
    assert not draft.live and draft.path.startswith(Body.objects.get(code="gs-bgt").home_page.path)


# --- The doors the matrix's probes do not open -------------------------------------------------


def test_a_bulk_action_on_a_whole_listing_is_refused_when_it_holds_a_hidden_page(
    client, db, world, _media_of_the_world
):
    url = f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={world.ids['column']}"
    client.force_login(world.users["other_editor"])
    response = client.get(url)
    assert response.status_code == 404
    assert DRAFT_TITLE not in body_of(response)
    client.force_login(world.users["editor"])
    assert DRAFT_TITLE in body_of(client.get(url))


@pytest.mark.parametrize("ids", ["?id=abc", "?id={draft}&id={public}", "?id=999999"])
def test_the_page_choosers_chosen_step_answers_only_for_visible_pages(
    client, db, world, _media_of_the_world, ids
):
    client.force_login(world.users["other_editor"])
    url = "/admin/choose-page/chosen-multiple/" + ids.format(**world.ids)
    assert client.get(url).status_code == 404
    mine = f"/admin/choose-page/chosen-multiple/?id={world.ids['public']}"
    assert client.get(mine).status_code == 200  # a live page: its title is public
