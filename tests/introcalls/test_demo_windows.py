"""The demo therapists' weekly call times come with the demo directory: the directory
sends demo_therapist_loaded and the free calls' app reads its part of each entry."""

from io import StringIO

import pytest
from django.core.management import call_command

from ipt_site.introcalls.demo import parse
from ipt_site.introcalls.models import CallWindow
from ipt_site.therapists.demo import therapists_data

pytestmark = pytest.mark.django_db


def windows_by_slug():
    found = {}
    for window in CallWindow.objects.select_related("therapist"):
        found.setdefault(window.therapist.slug, set()).add(
            (window.weekday, window.starts, window.ends)
        )
    return found


def test_loading_the_demo_directory_sets_each_therapists_call_times_exactly():
    expected = {
        item["slug"]: {parse(text) for text in item["call_windows"]}
        for item in therapists_data()
        if item.get("call_windows")
    }
    assert expected  # the demo data offers free calls somewhere
    call_command("load_demo_therapists", stdout=StringIO())
    assert windows_by_slug() == expected
    call_command("load_demo_therapists", stdout=StringIO())  # again: nothing doubles
    assert windows_by_slug() == expected
