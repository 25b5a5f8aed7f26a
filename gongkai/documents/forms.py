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
            self._content_rejected = True
            raise forms.ValidationError(exc.message) from exc
        return upload

    def _post_clean(self):
        super()._post_clean()
        # A rejected file leaves the model's file empty, and the model then adds a confusing
        # "extension '' is not allowed" error: the content check has already said what is wrong.
        if getattr(self, "_content_rejected", False) and "file" in self.errors:
            self.errors["file"] = self.error_class([self.errors["file"][0]])
