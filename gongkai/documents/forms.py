"""The attachment upload form: files are checked by their content, not their name."""

from __future__ import annotations

from django import forms
from wagtail.documents.forms import BaseDocumentForm

from gongkai.documents.attachments import AttachmentRejected, check_attachment


class AttachmentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "read"):
            return upload
        try:
            check_attachment(upload.name, upload)
        except AttributeError:
            return upload  # an existing file kept unchanged on edit
        except AttachmentRejected as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload
