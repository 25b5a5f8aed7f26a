"""The documents app's Wagtail hooks: an attachment is served only to those who may see it."""

from wagtail import hooks

from gongkai.documents.serving import check_attachment_access


@hooks.register("before_serve_document")
def attachment_access(document, request):
    check_attachment_access(document, request)
