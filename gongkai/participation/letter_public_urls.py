"""Public URLs of the mailbox (领导信箱, under /mailbox/; docs/mailbox.md "Public pages"): choose a
body, write a letter and its receipt, tracking with the writer's rating and follow-up, the
published letters and the statistics (views_letters_public)."""

from django.urls import path

from gongkai.participation import views_letters_public as views
from gongkai.participation import views_topics as topics

app_name = "mailbox"

urlpatterns = [
    path("", views.mailbox_index, name="index"),
    path("receipt/", views.letter_receipt, name="receipt"),
    path("track/", views.letter_track, name="track"),
    path("track/end/", views.letter_track_end, name="track_end"),
    path("track/recover/", views.code_recover, name="recover"),
    path("track/<int:pk>/", views.letter_tracked, name="letter"),
    path("track/<int:pk>/rate/", views.letter_rate_post, name="rate"),
    path("track/<int:pk>/follow-up/", views.letter_follow_up_post, name="follow_up"),
    path("letters/", views.published_list, name="letters"),
    path("letters/<str:number>/", views.published_letter, name="published"),
    path("statistics/", views.statistics, name="statistics"),
    path("topics/", topics.topic_list, name="topics"),
    path("topics/<int:pk>/", topics.topic_detail, name="topic"),
    # Last: a body code is any other single path segment.
    path("<str:body_code>/write/", views.letter_write, name="write"),
]
