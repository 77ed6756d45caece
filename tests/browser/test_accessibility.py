"""Every main page passes axe-core's checks, as each person who uses it opens it: a name for
every link, button and field, headings and landmarks in order, enough contrast, valid ARIA. A
delegate who reads the text with a screen reader or a magnifier gets what the others get.

axe-core (bundled by axe-playwright-python) runs in the page through the DevTools protocol, so
the pages' Content-Security-Policy stays as it is served.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DemoSite
from tests.browser.main_pages import main_page_visits

pytestmark = pytest.mark.browser


def _violations(page: Any) -> list[str]:
    """What axe-core finds wrong on the page, one line per element (its rule, how grave, what
    to do, and where)."""
    found = Axe().run(page).response["violations"]
    return [
        f"{rule['impact']} {rule['id']} ({rule['help']}): {' '.join(node['target'])}"
        for rule in found
        for node in rule["nodes"]
    ]


def test_main_pages_pass_the_accessibility_checks(demo_site: DemoSite, new_page):
    failures = []
    for page, name, url in main_page_visits(demo_site, new_page, 1280):
        response = page.goto(url)
        assert response is not None and response.ok, f"{name}: {url} answered {response}"
        failures += [f"{name}: {violation}" for violation in _violations(page)]
    assert not failures, "\n".join(failures)


def test_the_accessibility_check_names_the_rule_and_the_element(new_page):
    page = new_page()
    page.set_content(
        "<html lang='en'><head><title>t</title></head><body><main><h1>Rev.1</h1>"
        "<img src='emblem.png'><button id='silent'></button>"
        "<label>Comment <textarea name='body'></textarea></label></main></body></html>"
    )
    violations = _violations(page)
    assert any(v.startswith("critical image-alt") and v.endswith(": img") for v in violations)
    assert any("button-name" in v and v.endswith(": #silent") for v in violations)
    assert not any("textarea" in v for v in violations), "a labelled field is not reported"
