"""The Playwright fixtures live in browser.py and are registered in gongkai/conftest.py."""
