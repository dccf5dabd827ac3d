"""Setting up staff in the admin (issue 26): a group makes someone staff, the admin says
what each group does, and the admin's home speaks plain names."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from ipt_site.web.staff import STAFF_GROUPS

pytestmark = pytest.mark.django_db


def test_every_group_the_site_makes_is_described():
    assert set(Group.objects.values_list("name", flat=True)) == set(STAFF_GROUPS)


@pytest.mark.parametrize("group", sorted(STAFF_GROUPS))
def test_adding_someone_to_a_group_lets_them_sign_in_to_the_admin(client, group):
    user = User.objects.create_user("sam", password="a-long-password-1")
    assert not user.is_staff
    user.groups.add(Group.objects.get(name=group))
    assert user.is_staff
    user.refresh_from_db()
    assert user.is_staff
    response = client.post(
        reverse("admin:login"),
        {"username": "sam", "password": "a-long-password-1", "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_adding_from_the_group_side_too():
    user = User.objects.create_user("kim")
    Group.objects.get(name="Content editors").user_set.add(user)
    user.refresh_from_db()
    assert user.is_staff


def test_the_user_form_ticks_staff_when_a_group_is_chosen(admin_client):
    user = User.objects.create_user("lee", password="pw")
    editors = Group.objects.get(name="Content editors")
    page = admin_client.get(reverse("admin:auth_user_change", args=[user.pk])).text
    assert "“Content editors”: edit the site&#x27;s pages" in page or (
        "“Content editors”: edit the site's pages" in page
    )
    assert "“Enquiry handlers”: read and answer enquiries" in page
    assert "Ticked for you when you add them to a group" in page
    response = admin_client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": "lee",
            "is_active": "on",
            "groups": [editors.pk],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-12-04",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.is_staff and list(user.groups.all()) == [editors]


def test_the_admin_home_shows_plain_names_for_library_apps(admin_client):
    page = admin_client.get(reverse("admin:index")).text
    for plain in (
        "Sign-in lockouts",
        "Two-step sign-in: authenticator apps",
        "Two-step sign-in: recovery codes",
        "Background tasks",
    ):
        assert plain in page
    for raw in ("Axes", "Otp_Totp", "Otp_Static", "Tasks Database Backend"):
        assert f">{raw}<" not in page
