"""The brakes on the public forms (applications/throttles.py): submissions per address and per
contact, failed lookups per address and per case number, 补发查询码 per case number."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gongkai.applications.forms_public import MSG_TRACKING_FAILED
from gongkai.applications.models import ApplicantMessage, Application, ApplicationEvent
from gongkai.applications.tests.factories import applicant_data, id_number
from gongkai.applications.tests.test_public_views import (
    FORM,
    TRACK,
    FormPage,
    apply_and_read_receipt,
    form_data,
    html,
)
from gongkai.applications.throttles import (
    MSG_RECOVER_TOO_MANY,
    MSG_TRACK_ADDRESS_LOCKED,
    MSG_TRACK_CASE_LOCKED,
)
from gongkai.core.models import Throttle
from gongkai.core.throttle import until_text

RECOVER = "/apply/recover/"
WRONG_CODE = "ABCDEFGHJK"


def at(address: str) -> Client:
    """A browser at its own client address."""
    return Client(REMOTE_ADDR=address)


def limits(settings, **scopes: str) -> None:
    """Only the named throttles, with these limits; every other one off."""
    names = ("apply-address", "apply-contact", "track-address", "track-case", "recover-case")
    settings.GONGKAI_THROTTLES = {name: scopes.get(name.replace("-", "_"), "off") for name in names}


def track(client: Client, number: str, code: str):
    return client.post(TRACK, {"case_number": number, "query_code": code})


def stem(message: str) -> str:
    """A message up to its time of day (the time is checked apart)."""
    return message.split("{until}")[0]


# --- Submissions -----------------------------------------------------------------------------------


def person(n: int, **overrides) -> dict:
    """Applicant n, with a contact of their own."""
    own = {
        "applicant_name": f"申请人{n}",
        "id_number": id_number(seq=f"{n:03d}"),
        "phone": f"1391234{n:04d}",
        "email": f"person{n}@example.invalid",
    }
    return applicant_data(**{**own, **overrides})


def test_too_many_submissions_from_one_address_keep_every_field_and_store_nothing(office, settings):
    limits(settings, apply_address="2/h")
    browser = at("203.0.113.10")
    for n in range(2):
        assert browser.post(FORM, form_data(person(n))).status_code == 302
    receipt_before = browser.session.get("apply_receipt")
    cases, events, messages = (
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        ApplicantMessage.objects.count(),
    )

    typed = form_data(person(3, purpose="用于学术研究", document_reference="甘政办发〔2022〕37号"))
    response = browser.post(FORM, typed)

    assert response.status_code == 429
    page = html(response)
    assert "本次申请未提交" in page and "同一网络地址或同一联系方式" in page
    assert "信函或当面向受理机关提出" in page and "您填写的内容都已保留" in page
    form = FormPage(page)
    assert form.summary_title == "申请未提交：" and "修改后重新提交即可" not in page
    for name in ("applicant_name", "id_number", "phone", "email", "address", "postcode"):
        assert form.controls[f"id_{name}"]["value"] == typed[name], name
    assert form.controls["id_document_reference"]["value"] == "甘政办发〔2022〕37号"
    assert form.controls["id_description"]["value"].strip() == typed["description"]
    assert form.controls["id_purpose"]["value"].strip() == "用于学术研究"
    assert "checked" in form.controls["id_consent"]
    # Nothing stored, no receipt, no message queued, no statutory clock started.
    assert Application.objects.count() == cases
    assert ApplicationEvent.objects.count() == events
    assert ApplicantMessage.objects.count() == messages
    assert browser.session.get("apply_receipt") == receipt_before
    # Another address is not affected.
    assert at("203.0.113.11").post(FORM, form_data(person(4))).status_code == 302


def test_too_many_submissions_with_one_contact_are_refused_from_any_address(office, settings):
    limits(settings, apply_contact="1/h")
    assert at("203.0.113.20").post(FORM, form_data(person(1))).status_code == 302
    # The same mobile, written another way, from elsewhere.
    same_phone = person(2, phone="+86 139-1234-0001")
    assert at("203.0.113.21").post(FORM, form_data(same_phone)).status_code == 429
    same_email = person(3, email="PERSON1@example.invalid")
    assert at("203.0.113.22").post(FORM, form_data(same_email)).status_code == 429
    assert at("203.0.113.23").post(FORM, form_data(person(4))).status_code == 302
    assert Application.objects.count() == 2


def test_an_invalid_form_is_not_counted(office, settings):
    limits(settings, apply_address="1/h")
    browser = at("203.0.113.30")
    for _ in range(3):
        assert browser.post(FORM, form_data(person(1), consent=None)).status_code == 200
    assert browser.post(FORM, form_data(person(1))).status_code == 302


# --- Tracking --------------------------------------------------------------------------------------


@pytest.fixture
def case(citizen, office):
    return apply_and_read_receipt(citizen.client)


def test_one_address_failing_is_locked_but_not_everyone_else(case, settings):
    limits(settings, track_address="3/h", track_case="100/h")
    app, code = case
    attacker = at("198.51.100.1")
    for n in range(3):
        page = html(track(attacker, f"GS-BGT-2026-{n:05d}", WRONG_CODE))
        assert MSG_TRACKING_FAILED in page
    refused = track(attacker, app.case_number, code)  # even the right pair: the code is not tried
    assert refused.status_code == 429
    assert stem(MSG_TRACK_ADDRESS_LOCKED) in html(refused)
    # The applicant, at another address, is not locked out.
    applicant = at("198.51.100.2")
    assert track(applicant, app.case_number, code)["Location"] == f"/apply/track/{app.pk}/"


def test_one_case_number_failing_from_many_addresses_is_locked_with_what_to_do(case, settings):
    limits(settings, track_address="100/h", track_case="2/h")
    app, code = case
    for n in range(2):
        assert MSG_TRACKING_FAILED in html(track(at(f"198.51.100.{10 + n}"), app.case_number, "X"))
    # A case number written differently is the same case number.
    spaced = app.case_number.lower().replace("-", "- ", 1)
    refused = track(at("198.51.100.20"), spaced, code)
    assert refused.status_code == 429
    page = html(refused)
    assert stem(MSG_TRACK_CASE_LOCKED) in page
    assert "申请补发查询码" in page and "与受理机关联系" in page
    until = re.search(r"暂停查询至(\d+月\d+日 \d\d:\d\d以后)", page)
    assert until and until[1].endswith(":00以后")  # the next full hour
    assert FormPage(page).controls["id_case_number"]["value"] == spaced
    # Other cases can still be looked up from that address.
    other, other_code = apply_and_read_receipt(Client(), applicant_data(applicant_name="李四"))
    assert track(at("198.51.100.20"), other.case_number, other_code).status_code == 302


def test_successful_lookups_do_not_count(case, settings):
    limits(settings, track_address="2/h", track_case="2/h")
    app, code = case
    browser = at("198.51.100.30")
    for _ in range(5):
        assert track(browser, app.case_number, code).status_code == 302
    counts = Throttle.objects.filter(scope__startswith="track").values_list("count", flat=True)
    assert set(counts) == {0}


def test_a_new_query_code_unlocks_the_case(case, settings, smtp):
    limits(settings, track_address="100/h", track_case="2/h", recover_case="5/d")
    app, old = case
    for n in range(3):
        track(at(f"198.51.100.{40 + n}"), app.case_number, WRONG_CODE)
    assert track(Client(), app.case_number, old).status_code == 429
    smtp.received.clear()
    Client().post(RECOVER, {"case_number": app.case_number, "contact": "zhangsan@example.invalid"})
    new = re.search(r"查询码[：为]?([0-9A-Z]{10})", smtp.bodies()[0])[1]
    assert track(Client(), app.case_number, new)["Location"] == f"/apply/track/{app.pk}/"


def test_a_recovery_with_a_wrong_contact_does_not_unlock(case, settings, smtp):
    limits(settings, track_address="100/h", track_case="1/h", recover_case="5/d")
    app, code = case
    track(at("198.51.100.50"), app.case_number, WRONG_CODE)
    Client().post(RECOVER, {"case_number": app.case_number, "contact": "x@y.invalid"})
    assert track(Client(), app.case_number, code).status_code == 429


def test_recovery_is_limited_per_case_number(case, settings, smtp):
    limits(settings, track_address="100/h", recover_case="2/d")
    app, _ = case
    smtp.received.clear()
    posted = {"case_number": app.case_number, "contact": "zhangsan@example.invalid"}
    for n in range(2):
        assert at(f"198.51.100.{60 + n}").post(RECOVER, posted).status_code == 200
    refused = at("198.51.100.70").post(RECOVER, posted)
    assert refused.status_code == 429
    page = html(refused)
    assert stem(MSG_RECOVER_TOO_MANY) in page
    assert FormPage(page).controls["id_contact"]["value"] == "zhangsan@example.invalid"
    assert len(smtp.received) == 2  # two new codes sent; not a third


def test_recovery_counts_against_the_address_with_failed_lookups(case, settings):
    limits(settings, track_address="2/h", recover_case="100/d")
    app, _ = case
    browser = at("198.51.100.80")
    track(browser, app.case_number, WRONG_CODE)
    browser.post(RECOVER, {"case_number": app.case_number, "contact": "x@y.invalid"})
    refused = browser.post(RECOVER, {"case_number": app.case_number, "contact": "x@y.invalid"})
    assert refused.status_code == 429 and stem(MSG_TRACK_ADDRESS_LOCKED) in html(refused)


def test_the_address_behind_nginx_is_the_clients(case, settings):
    limits(settings, track_address="1/h", track_case="100/h")
    settings.GONGKAI_TRUSTED_PROXIES = 1
    app, code = case
    nginx = "127.0.0.1"
    one = Client(REMOTE_ADDR=nginx, HTTP_X_FORWARDED_FOR="198.51.100.90")
    other = Client(REMOTE_ADDR=nginx, HTTP_X_FORWARDED_FOR="198.51.100.91")
    track(one, app.case_number, WRONG_CODE)
    assert track(one, app.case_number, code).status_code == 429
    assert track(other, app.case_number, code).status_code == 302


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        ("2026-12-07T03:00:00+00:00", "12月7日 11:00以后"),
        ("2026-12-07T16:00:00+00:00", "12月8日 00:00以后"),
    ],
)
def test_the_time_to_retry_is_local(utc, shown):
    from datetime import datetime

    assert until_text(int(datetime.fromisoformat(utc).timestamp())) == shown
    assert until_text(None) == "稍后"


def test_the_default_limits(settings):
    """The issue's probe sent 205 applications from one address in 40 s: the 21st is refused."""
    from gongkai.core.throttle import limits_of
    from gongkai.core.throttle_policy import Limit

    assert limits_of("apply-address") == (Limit(20, 3600), Limit(60, 86400))
    assert limits_of("apply-contact") == (Limit(10, 3600), Limit(30, 86400))
    assert limits_of("track-address") == (Limit(20, 3600),)
    assert limits_of("track-case") == (Limit(10, 3600),)
    assert limits_of("recover-case") == (Limit(5, 86400),)
