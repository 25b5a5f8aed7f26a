"""Forms of the staff screens for mailbox letters (来信办理; docs/mailbox.md, "Staff screens").

Input only: every rule of an action is checked by its `letter_workflow` function, whose Chinese
messages the form then shows (a chooser is a plain `<select>` whose value the workflow checks, so
that a refusal is the workflow's own words). Each action's form has its own `auto_id` prefix, so
that several stand on one page. The reply limits (`LimitForm`) are checked by `MailboxLimit.clean`.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.bodies.models import Body, BodyMembership
from gongkai.core.audit import audit_log
from gongkai.participation.letter_publication import public_exchange
from gongkai.participation.letter_selectors import handlers_for
from gongkai.participation.mailbox_limits import (
    CATEGORY_LABELS,
    DEFAULT_REPLY_LIMIT,
    LIMIT_NOT_POSITIVE,
)
from gongkai.participation.models import (
    DISMISS_NOTICES,
    REFERRAL_TEXTS,
    DismissReason,
    Letter,
    LetterAction,
    MailboxLimit,
    ReplyKind,
)

AUDIT_MAILBOX_LIMITS = "participation.mailbox_limits"
NOTE_TO_WRITER = "来信人可以在查询页面看到"
NOTE_INTERNAL = "记入办理记录"


def _note(label: str = "办理说明", help_text: str = NOTE_INTERNAL) -> forms.CharField:
    # Never `required`: where a reason is needed, the workflow says so in its own words.
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=help_text
    )


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class LetterActionForm(forms.Form):
    """One action on one letter; `workflow_arguments()` are the workflow function's keywords."""

    action: str = ""
    button: str = ""  # the button's words, when not the action's label

    def __init__(self, data=None, *, letter: Letter, **kwargs):
        kwargs.setdefault("auto_id", f"l{letter.pk}-{self.action}-%s")
        super().__init__(data, **kwargs)
        self.letter = letter

    @property
    def title(self) -> str:
        return LetterAction(self.action).label

    @property
    def button_text(self) -> str:
        return self.button or self.title

    @property
    def url_name(self) -> str:
        return f"letters:{self.action}"

    def workflow_arguments(self) -> dict:
        return dict(self.cleaned_data)


def _handler_choices(letter: Letter) -> list[tuple[str, str]]:
    """The handlers of the letter's body and of its departments, each with where they work."""
    people = list(handlers_for(letter.body))
    where: dict[int, list[str]] = {}
    for user_id, body_name in (
        BodyMembership.objects.filter(user__in=people, body__path__startswith=letter.body.path)
        .order_by("body__path")
        .values_list("user_id", "body__name")
        .distinct()
    ):
        where.setdefault(user_id, []).append(body_name)
    return [("", "（请选择）")] + [
        (str(p.pk), f"{_person(p)}（{'、'.join(where.get(p.pk, []))}）") for p in people
    ]


class AssignForm(LetterActionForm):
    action = LetterAction.ASSIGN

    handler = forms.CharField(
        label="承办人",
        required=False,
        widget=forms.Select,
        help_text="本机关或其下属部门的工作人员；下属部门拟写的答复由本机关审核",
    )
    note = _note()

    def __init__(self, data=None, *, letter: Letter, **kwargs):
        super().__init__(data, letter=letter, **kwargs)
        self.fields["handler"].widget.choices = _handler_choices(letter)
        if letter.handler_id:
            self.fields["handler"].initial = str(letter.handler_id)

    def workflow_arguments(self) -> dict:
        value = self.cleaned_data["handler"]
        handler = None
        if value.isdigit():
            handler = get_user_model().objects.filter(pk=int(value)).first()
        return {"handler": handler, "note": self.cleaned_data["note"]}


class TransferForm(LetterActionForm):
    action = LetterAction.TRANSFER

    to_body = forms.CharField(
        label="转至机关",
        required=False,
        widget=forms.Select,
        help_text="信件编号不变；答复时限按接收机关的规定计算，三个月期限不重新起算",
    )
    note = _note("转办理由", NOTE_TO_WRITER)

    def __init__(self, data=None, *, letter: Letter, **kwargs):
        super().__init__(data, letter=letter, **kwargs)
        bodies = Body.objects.exclude(pk=letter.body_id).order_by("path")
        self.fields["to_body"].widget.choices = [("", "（请选择）")] + [
            (b.code, b.name) for b in bodies
        ]

    def workflow_arguments(self) -> dict:
        code = self.cleaned_data["to_body"]
        to_body = Body.objects.filter(code=code).first() if code else None
        return {"to_body": to_body, "note": self.cleaned_data["note"]}


class ExtendForm(LetterActionForm):
    action = LetterAction.EXTEND

    note = _note("延长理由", NOTE_TO_WRITER + "；只能延长一次")


def strip_referral(kind: str, text: str) -> str:
    """The handler's own words of a referral reply (the statutory text is added again)."""
    referral = REFERRAL_TEXTS.get(kind, "")
    if referral and text.startswith(referral):
        return text[len(referral) :].lstrip("\n")
    return text


class DraftForm(LetterActionForm):
    action = LetterAction.DRAFT
    button = "提交审核"

    reply_kind = forms.ChoiceField(
        label="答复类型",
        choices=ReplyKind.choices,
        widget=forms.RadioSelect,
        required=False,  # the workflow's MSG_REPLY_KIND
        help_text="属于信访事项或者应当通过诉讼、复议等法定途径解决的，选择相应的告知，"
        "答复开头为下列告知内容，其后为您填写的内容",
    )
    reply_text = forms.CharField(
        label="答复内容", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    note = _note("说明", "给审核人员的说明，" + NOTE_INTERNAL)

    def __init__(self, data=None, *, letter: Letter, **kwargs):
        super().__init__(data, letter=letter, **kwargs)
        kind = letter.reply_kind or ReplyKind.ANSWER
        text = letter.follow_up_reply if letter.in_follow_up else letter.reply_text
        self.fields["reply_kind"].initial = kind
        self.fields["reply_text"].initial = strip_referral(kind, text)
        self.referrals = [(ReplyKind(k).label, t) for k, t in REFERRAL_TEXTS.items()]


class ReturnForm(LetterActionForm):
    action = LetterAction.RETURN

    note = _note("退回理由", "承办人可以看到，" + NOTE_INTERNAL)


def public_defaults(letter: Letter) -> dict[str, str]:
    """What would be published (`letter_publication.public_exchange`), to prefill the form."""
    return public_exchange(letter)


class ApproveForm(LetterActionForm):
    action = LetterAction.APPROVE
    button = "审核通过，答复来信人"

    publish = forms.BooleanField(
        label="公开来信和答复",
        required=False,
        help_text="来信人同意隐去个人信息后公开；公开的内容已隐去身份证号码、电话号码、电子邮箱"
        "和来信人姓名，可删减，提交后仍会再次隐去",
    )
    public_subject = forms.CharField(label="公开的标题", required=False, max_length=100)
    public_text = forms.CharField(
        label="公开的来信内容", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    public_reply = forms.CharField(
        label="公开的答复内容", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    note = _note()

    PUBLIC_FIELDS = ("publish", "public_subject", "public_text", "public_reply")

    def __init__(self, data=None, *, letter: Letter, **kwargs):
        super().__init__(data, letter=letter, **kwargs)
        if not letter.consent_to_publish:
            for name in self.PUBLIC_FIELDS:
                del self.fields[name]
            return
        self.fields["publish"].initial = True
        for name, value in public_defaults(letter).items():
            self.fields[name].initial = value

    def workflow_arguments(self) -> dict:
        d = self.cleaned_data
        if not d.get("publish"):
            return {"publish": False, "note": d["note"]}
        return {
            "publish": True,
            "public_subject": d["public_subject"],
            "public_text": d["public_text"],
            "public_reply": d["public_reply"],
            "note": d["note"],
        }


class DismissForm(LetterActionForm):
    action = LetterAction.DISMISS

    reason = forms.ChoiceField(
        label="不予受理的理由",
        choices=DismissReason.choices,
        widget=forms.RadioSelect,
        required=False,  # the workflow's MSG_DISMISS_REASON
        help_text="来信人在查询页面看到与理由相应的告知：",
    )
    note = _note()

    def __init__(self, data=None, *, letter: Letter, **kwargs):
        super().__init__(data, letter=letter, **kwargs)
        self.notices = [(DismissReason(k).label, t) for k, t in DISMISS_NOTICES.items()]


ACTION_FORMS: dict[str, type[LetterActionForm]] = {
    form.action: form
    for form in (
        AssignForm,
        TransferForm,
        ExtendForm,
        DraftForm,
        ReturnForm,
        ApproveForm,
        DismissForm,
    )
}


# --- 答复时限设置 ---------------------------------------------------------------------------------


class LimitForm(forms.ModelForm):
    """One category's reply limit of one body (a `MailboxLimit`, saved or not yet)."""

    class Meta:
        model = MailboxLimit
        fields = ["days", "extended_days", "restart_on_transfer"]
        help_texts = {"days": "从收到之日的次日起算"}

    def __init__(self, data=None, *, body: Body, category: str, row: MailboxLimit | None):
        self.category = category
        self.label = CATEGORY_LABELS[category]
        self.stored = row is not None
        instance = row or MailboxLimit(body=body, category=category)
        super().__init__(data, instance=instance, prefix=category, auto_id="id_%s")
        for name in ("days", "extended_days"):
            # Not `required`, which would mark the label with a lone asterisk: said below.
            self.fields[name].required = False
            self.fields[name].widget.attrs["min"] = 1

    def _filled(self, name: str) -> int:
        value = self.cleaned_data[name]
        if value is None:
            raise forms.ValidationError(f"请填写{self.fields[name].label}")
        return value

    def clean_days(self) -> int:
        # Said of the field itself (the model's clean speaks of the pair, on `extended_days`).
        days = self._filled("days")
        if days < 1:
            raise forms.ValidationError(LIMIT_NOT_POSITIVE.format(days=days))
        return days

    def clean_extended_days(self) -> int:
        return self._filled("extended_days")

    def differs_from_default(self) -> bool:
        d = self.cleaned_data
        return (d["days"], d["extended_days"], d["restart_on_transfer"]) != (
            DEFAULT_REPLY_LIMIT.days,
            DEFAULT_REPLY_LIMIT.extended_days,
            True,
        )


def limit_forms(body: Body, data=None) -> list[LimitForm]:
    rows = {row.category: row for row in MailboxLimit.objects.filter(body=body)}
    return [
        LimitForm(data, body=body, category=category, row=rows.get(category))
        for category in CATEGORY_LABELS
    ]


@transaction.atomic
def limits_save(forms_: list[LimitForm], *, user, body: Body) -> int:
    """Save the valid forms of one body: a stored row is updated; a category on the default gets a
    row only when it is set to something else. Returns how many rows changed; one audit entry."""
    changed = []
    for form in forms_:
        if not form.stored and not form.differs_from_default():
            continue
        if form.stored and not form.has_changed():
            continue
        row = form.save()
        changed.append(
            {
                "category": form.category,
                "days": row.days,
                "extended_days": row.extended_days,
                "restart_on_transfer": row.restart_on_transfer,
            }
        )
    if changed:
        audit_log(body, AUDIT_MAILBOX_LIMITS, user=user, data={"limits": changed})
    return len(changed)
