import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ipt_site.editor.permissions import GROUP_NAME

PASSWORD = "a-long-passw0rd-for-tests"


@pytest.fixture
def pages(content):
    """A small site: home, a section with two pages, and an FAQ."""
    content.page("problem-areas/_index.md", title="Problem areas", order=1)
    content.page(
        "problem-areas/grief.md",
        title="Grief and loss",
        order=1,
        body="## What it is\n\nGrief is the pain of losing someone.\n\n"
        "See [disputes](/problem-areas/role-disputes/).",
    )
    content.page("problem-areas/role-disputes.md", title="Role disputes", order=2)
    content.page("faq.md", title="Questions people often ask", order=5)
    return content


def make_user(username, *, group=True, staff=True, **fields):
    user = get_user_model().objects.create_user(
        username,
        f"{username}@example.org",
        PASSWORD,
        is_staff=staff,
        first_name=fields.pop("first_name", username.capitalize()),
        **fields,
    )
    if group:
        user.groups.add(Group.objects.get(name=GROUP_NAME))
    return user


@pytest.fixture
def editor(db):
    return make_user("alex", last_name="Editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def public():
    """A visitor who is not signed in (the `client` fixture is the editor's browser)."""
    from django.test import Client

    return Client()
