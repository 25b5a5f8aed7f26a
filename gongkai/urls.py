from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.bodies.admin_scoping import admin_url_overrides
from gongkai.documents.serving import public_media, serve_attachment
from gongkai.publishing import feeds, sitemaps
from gongkai.publishing.api import api
from gongkai.web import views as web_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Views in front of Wagtail's where it has no hook to scope them by body (bodies/admin_scoping.py).
    path("admin/", include(admin_url_overrides())),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own pattern for the same address (the one `Attachment.url` reverses).
    path(
        "documents/<int:document_id>/<str:document_filename>",
        serve_attachment,
        name="attachment_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("apply/", include("gongkai.applications.public_urls")),
    path("participation/", include("gongkai.participation.public_urls")),
    path("mailbox/", include("gongkai.participation.letter_public_urls")),
    path("qa/", include("gongkai.participation.qa_public_urls")),
    path("workbench/applications/", include("gongkai.applications.staff_urls")),
    path("workbench/reports/", include("gongkai.reports.staff_urls")),
    path("workbench/participation/", include("gongkai.participation.staff_urls")),
    path("workbench/letters/", include("gongkai.participation.letter_staff_urls")),
    path("workbench/qa/", include("gongkai.participation.qa_staff_urls")),
    path("library/", web_views.library, name="library"),
    path("feed/", feeds.platform_feed, name="feed"),
    path("feed/body/<str:code>/", feeds.body_feed, name="feed_body"),
    path("feed/column/<int:page_id>/", feeds.column_feed, name="feed_column"),
    path("feed/library/", feeds.library_feed, name="feed_library"),
    path("feed/search/", feeds.search_feed, name="feed_search"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("search/", web_views.search_page, name="search"),
    path("healthz", web_views.healthz, name="healthz"),
    path("large-text/", web_views.large_text, name="large_text"),
]

# Attachments (media/documents/) are never served from /media/: only /documents/<id>/<name>,
# which checks who may see them (documents/serving.py). nginx must refuse /media/documents/ too.
if settings.GONGKAI_SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", public_media))

urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "gongkai.web.views.page_not_found"
handler500 = "gongkai.web.views.server_error"
