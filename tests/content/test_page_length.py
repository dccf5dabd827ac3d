"""Long pages stay readable: the "In short" box and the 1,000-word limit are content rules
now (pages/quality.py, W047 and W048), checked on every page by the content check and
tested once in tests/pages/test_quality_rules.py. Here: one explanation in one place."""

import re

import pytest

from ipt_site.pages.quality import body_text
from tests import realcontent

# Page text includes the help lines it names ([[signpost_...]]): rows in the database.
pytestmark = pytest.mark.django_db


def test_the_sick_role_is_explained_in_one_place():
    """Other pages name it and link to the explanation instead of explaining it again."""
    for page in realcontent.pages():
        if page.url == "/about-ipt/" or "sick role" not in body_text(page).lower():
            continue
        assert re.search(r'href="/(about-ipt/#the-sick-role|glossary/#sick-role)"', page.html), (
            f"{page.relpath} mentions the sick role without linking to its explanation"
        )
    assert 'id="the-sick-role"' in realcontent.page("/about-ipt/").html
