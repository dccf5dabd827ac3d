""" "Help me write my first message": inert without JavaScript, and nothing in it is sent."""

import re

import pytest

from .conftest import FORM_URL

pytestmark = pytest.mark.django_db


def test_the_helper_is_an_inert_template_whose_fields_have_no_name(client):
    page = client.get(FORM_URL).content.decode()
    helper = re.search(r'<template id="message-helper-template">(.*?)</template>', page, re.S)
    assert helper, "the helper is a <template>: nothing shows or runs without JavaScript"
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", helper[1])
    assert len(fields) == 3
    assert all(" name=" not in field for field in fields)  # never part of what is sent
    for label_for in re.findall(r'<label class="form-label" for="([^"]+)"', helper[1]):
        assert f'id="{label_for}"' in helper[1]
    # The script is a static file, after the page's main content (CSP: no inline script).
    assert '<script src="/static/js/first-message.js" defer></script>' in page
    assert not re.search(r"<script>(?!\s*</script>)", page)
