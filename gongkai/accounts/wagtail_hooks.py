"""Wagtail loads this module; each part of the accounts app registers its hooks in its own module,
imported here."""

from gongkai.accounts import (
    roles_hooks,  # noqa: F401  (三员分立: menus, dashboards, screens)
    twofactor_hooks,  # noqa: F401  (二次验证: its pages and menu items)
)
