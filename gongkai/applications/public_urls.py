"""Public pages of 依申请公开: the application form, the receipt, tracking (mounted at /apply/)."""

from django.urls import path, register_converter

from gongkai.applications.views import public, recovery


class _DownloadType:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_DownloadType, "download_type")

app_name = "apply"
urlpatterns = [
    path("", public.body_choose, name="choose"),
    path("receipt/", public.receipt, name="receipt"),
    path("receipt.pdf", recovery.receipt_pdf, name="receipt_pdf"),
    path("recover/", recovery.code_recover, name="recover"),
    path("track/", public.track, name="track"),
    path("cases/", public.typical_cases, name="typical_cases"),
    path("cases/<int:pk>/", public.typical_case, name="typical_case"),
    path("cases/<int:pk>/letter.pdf", public.typical_case_letter, name="typical_case_letter"),
    path("track/end/", public.track_end, name="track_end"),
    path("track/<int:pk>/", public.track_case, name="case"),
    path("track/<int:pk>/withdraw/", public.track_withdraw, name="withdraw"),
    path(
        "track/notice/<int:pk>.<download_type:ext>",
        public.notice_download,
        name="notice_download",
    ),
    # Last: a body code is any other single path segment.
    path("<str:body_code>/", public.application_form, name="form"),
]
