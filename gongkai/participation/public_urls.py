"""Public URLs of 意见征集 (under /participation/): the lists of consultations and the open ones as
Atom and JSON (views_lists), the comment form and its receipt (views_public). Dynamic pages (CSRF,
the person's own receipt, lists that change with the date); the consultation page itself is a
Wagtail page."""

from django.urls import path

from gongkai.participation import views_lists, views_public

app_name = "participation"

urlpatterns = [
    path("consultations/", views_lists.consultation_list, name="consultations"),
    path("consultations/open.atom", views_lists.consultations_open_atom, name="open_atom"),
    path("consultations/open.json", views_lists.consultations_open_json, name="open_json"),
    path(
        "consultations/<int:page_id>/comment/",
        views_public.comment_form,
        name="comment",
    ),
    path(
        "consultations/<int:page_id>/comments/<slug:anchor>/",
        views_public.article_comments,
        name="article_comments",
    ),
    path(
        "consultations/<int:page_id>/comment/receipt/",
        views_public.comment_receipt,
        name="comment_receipt",
    ),
]
