"""The personal-data check on the staff-entered text of every public page (documents, columns,
annual reports): a form error for an ID or phone number, a warning after saving for an e-mail
address (`core.personal_data`).

A body's own public contact details (its openness office's 联系电话, 传真, 电子邮箱, which the
政府信息公开指南 must give, 条例 Art. 12) are not personal data on that body's pages, however they
are written; any other number is. Each page form's base class takes `PersonalDataFormMixin`
first; the warnings reach the editor through the hooks `after_create_page` / `after_edit_page`
(`personal_data_warnings`, called from `bodies/wagtail_hooks.py`).
"""

from __future__ import annotations

from html import unescape

from django import forms
from django.contrib import messages
from django.utils.html import strip_tags

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import body_for_page
from gongkai.core.personal_data import find_personal_data, finding_message

# Fields that are addresses or codes, not text a reader sees as written.
NOT_CHECKED = frozenset({"slug", "url_path"})
_WARNINGS = "_personal_data_warnings"


def body_contact_details(body: Body | None) -> list[str]:
    if body is None:
        return []
    return [body.phone, body.fax, body.email]


def _as_text(value) -> str:
    text = value if isinstance(value, str) else getattr(value, "source", None)
    if not isinstance(text, str):
        return ""
    return unescape(strip_tags(text)) if "<" in text else text


class PersonalDataFormMixin:
    """For a `WagtailAdminPageForm`: every text field of the page checked on each save.

    `public_contact_fields` names the page's own fields that hold public contact details (a
    consultation's fax and e-mail for comments): not checked, and, like the body's, allowed
    wherever else the page gives them.
    """

    public_contact_fields: tuple[str, ...] = ()

    def _page_body(self) -> Body | None:
        page = self.instance if self.instance.pk else getattr(self, "parent_page", None)
        return body_for_page(page) if page is not None else None

    def clean(self):
        cleaned = super().clean()
        own = [str(cleaned.get(name) or "") for name in self.public_contact_fields]
        allowed = [*body_contact_details(self._page_body()), *own]
        warnings = []
        for name, field in self.fields.items():
            if name in NOT_CHECKED or name in self.public_contact_fields or name not in cleaned:
                continue
            for finding in find_personal_data(_as_text(cleaned[name]), allowed=allowed):
                message = finding_message(finding, str(field.label or name))
                if finding.blocking:
                    self.add_error(name, forms.ValidationError(message))
                else:
                    warnings.append(message)
        setattr(self.instance, _WARNINGS, warnings)
        return cleaned


def personal_data_warnings(request, page) -> None:
    """Hook: tell the editor what may be personal data in what was just saved."""
    for message in getattr(page, _WARNINGS, ()):
        messages.warning(request, message)
