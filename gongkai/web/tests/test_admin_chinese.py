"""The staff pages in Chinese: our own catalog (gongkai/locale) fills Wagtail's zh-hans gaps.

The compiled `.mo` is committed (CI may lack gettext), so a test checks that it says what the
`.po` says; another that every translation keeps its placeholders; the rest open the main admin
screens as an editor, a reviewer and a site admin and look for the English and the broken
Chinese staff met there.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from gongkai.bodies.models import BodyRole
from gongkai.bodies.tests.test_review_workflow import draft, submit
from gongkai.testing import personas
from gongkai.testing.personas import column

CATALOGS = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")

# What staff met on the running demo (issue 12 item 9), and what must never come back.
ENGLISH = (
    "Search all pages",
    "Privacy and access",
    "created in",
    "Page types usage",
    "Show keyboard shortcuts",
    "Toggle minimap",
    "Autosave is paused",
    "Content metrics",
    "Choose who can view the live version",
    "Anyone can edit this",
    'aria-label="Actions"',
    "Locking: ",
)
BROKEN = ("审核通过 和发布", "和发布", "已被更新", "实时查看", "资源管理器", "帐号")
# Wagtail's listing count, "3 页面日志条目" (an f-string, fixed by our pagination template).
COUNT_WITH_MODEL_NAME = re.compile(r"\d+ (页面日志条目|工作流状态|附件)\s*</div>")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def read_po(path: Path) -> dict[str, tuple[str, str]]:
    """msgid → (msgstr, msgid_plural), msgid as gettext keys it (context\\x04msgid; a plural
    under its singular)."""
    entries: dict[str, tuple[str, str]] = {}
    entry: dict[str, str] = {}
    field = ""

    def flush():
        if entry.get("msgid"):
            key = entry["msgid"]
            if "msgctxt" in entry:
                key = f"{entry['msgctxt']}\x04{key}"
            msgstr = entry.get("msgstr", entry.get("msgstr[0]", ""))
            entries[key] = (msgstr, entry.get("msgid_plural", ""))

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            flush()
            entry, field = {}, ""
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def read_mo(path: Path) -> dict[str, str]:
    with path.open("rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog
    return {
        (key[0] if isinstance(key, tuple) else key): value
        for key, value in catalog.items()
        if key != "" and not (isinstance(key, tuple) and key[0] == "")
    }


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalog_says_what_the_po_says(domain):
    po = {key: msgstr for key, (msgstr, _) in read_po(CATALOGS / f"{domain}.po").items()}
    mo = read_mo(CATALOGS / f"{domain}.mo")
    assert po, "an empty catalog"
    stale = sorted(k for k in po.keys() | mo.keys() if po.get(k) != mo.get(k))
    assert not stale, (
        f"{domain}.mo is out of date with {domain}.po; run msgfmt --check -o "
        f"{domain}.mo {domain}.po in {CATALOGS}: {stale[:5]}"
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_translation_keeps_its_placeholders_and_has_no_ascii_sentence(domain):
    for msgid, (msgstr, plural) in read_po(CATALOGS / f"{domain}.po").items():
        msgid = msgid.split("\x04")[-1]
        assert msgstr, f"empty translation of {msgid!r}"
        assert set(PLACEHOLDER.findall(msgstr)) <= set(PLACEHOLDER.findall(msgid + plural)), msgid
        words = PLACEHOLDER.sub("", re.sub(r"<[^>]+>", "", msgstr))
        assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", words.replace("Wagtail API", "")), msgstr


@pytest.fixture
def site_admin(province):
    return personas.staff("site_admin", province, BodyRole.SITE_ADMIN)


def screens(office, page) -> list[str]:
    home = office.home_page
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=(home.pk,)),
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        reverse("wagtailadmin_pages:add_subpage", args=(column(office, "art20-1").pk,)),
        reverse("wagtailadmin_pages:search") + "?q=草稿",
        reverse("wagtaildocs:index"),
        reverse("wagtailadmin_pages:history", args=(page.pk,)),
        reverse("wagtailadmin_account"),
    ]


@pytest.mark.parametrize("role", ["editor", "reviewer", "site_admin"])
def test_the_main_admin_screens_speak_chinese(client, office, editor, role, request):
    user = request.getfixturevalue(role)
    page = draft(office, editor, slug="zhongwen")
    submit(page, editor)
    client.force_login(user)
    for url in screens(office, page):
        response = client.get(url)
        assert response.status_code == 200, (role, url)
        html = response.content.decode()
        found = [p for p in ENGLISH + BROKEN if p in html]
        found += COUNT_WITH_MODEL_NAME.findall(html)
        assert not found, f"{role} {url}: {found}"


def test_a_reviewer_approves_and_publishes_in_one_word(client, office, editor, reviewer):
    page = draft(office, editor, slug="shenhe")
    submit(page, editor)
    client.force_login(reviewer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "审核通过并发布" in html and "审核通过并附意见" not in html
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "检索全部页面" in html and "等待您审核" in html


def test_every_string_of_the_installed_wagtail_apps_has_chinese():
    """After a Wagtail upgrade this lists the new strings to translate in our catalog."""
    import wagtail

    ours = read_po(CATALOGS / "django.po").keys() | read_po(CATALOGS / "djangojs.po").keys()
    root = Path(wagtail.__file__).parent
    installed = {
        app.split(".", 1)[1] for app in settings.INSTALLED_APPS if app.startswith("wagtail.")
    }
    missing = []
    for english in root.glob("**/locale/en/LC_MESSAGES/django*.po"):
        app = english.relative_to(root).parts[:-4]
        if app and ".".join(app) not in installed:
            continue
        chinese = Path(str(english).replace("/en/", "/zh_Hans/"))
        theirs = {k for k, (v, _) in read_po(chinese).items() if v} if chinese.exists() else set()
        missing += sorted(read_po(english).keys() - theirs - ours)
    assert not missing, f"{len(missing)} Wagtail strings without Chinese: {missing[:10]}"


@pytest.mark.django_db
def test_no_workflow_or_task_is_named_in_english():
    from wagtail.models import Task, Workflow

    names = [*Workflow.objects.values_list("name", flat=True)]
    names += Task.objects.values_list("name", flat=True)
    assert names and not [n for n in names if re.search("[A-Za-z]{3}", n)], names
