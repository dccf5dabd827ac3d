"""The admin inbox: who can see, change and export enquiries, and what they see."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from ipt_site.contact.models import Enquiry
from tests.factories import create_therapist

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:contact_enquiry_changelist"


def make_enquiry(**fields):
    values = {
        "name": "Alex Example",
        "email": "alex@example.com",
        "message": "A private message about how I have been feeling lately.",
        "consent_given_at": timezone.now(),
        **fields,
    }
    return Enquiry.objects.create(**values)


def staff_user(username, *codenames, group=None):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def handler(client):
    user = staff_user("handler", group="Enquiry handlers")
    client.force_login(user)
    return user


def test_group_has_exactly_the_handler_permissions():
    group = Group.objects.get(name="Enquiry handlers")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("contact", "view_enquiry"),
        ("contact", "change_enquiry"),
        ("contact", "export_enquiry"),
        ("therapists", "view_therapist"),
    }


def test_changelist_shows_name_therapist_status_not_message(client, handler):
    therapist = create_therapist(name="Dr Sam Rivers", slug="sam")
    make_enquiry(therapist=therapist)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alex Example" in page
    assert "Dr Sam Rivers" in page
    assert "A private message" not in page
    for column in ("column-received_at", "column-status", "column-notification_status"):
        assert column in page


def test_filters_and_search(client, handler):
    sam = create_therapist(name="Dr Sam Rivers", slug="sam")
    make_enquiry(name="First Person", therapist=sam, status=Enquiry.Status.NEW)
    make_enquiry(name="Second Person", email="second@example.com", status=Enquiry.Status.CLOSED)
    make_enquiry(name="Old Person", received_at=timezone.now() - timedelta(days=400))

    def names(**params):
        response = client.get(reverse(CHANGELIST), params)
        assert response.status_code == 200
        return {e.name for e in response.context["cl"].result_list}

    assert names(status__exact="closed") == {"Second Person"}
    assert names(therapist__id__exact=sam.pk) == {"First Person"}
    since = str(
        timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=7)
    )
    assert names(received_at__gte=since, status="all") == {"First Person", "Second Person"}
    assert names(received_at__gte=since) == {"First Person"}  # open ones by default
    assert names(q="second@example.com", status="all") == {"Second Person"}
    assert names(q="Old") == {"Old Person"}
    assert names(q="private message") == set()  # the message is not searchable


def test_change_view_is_read_only_except_status(client, handler):
    enquiry = make_enquiry()
    url = reverse("admin:contact_enquiry_change", args=[enquiry.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A private message" in page  # everything that was sent can be read
    form_fields = set(response.context["adminform"].form.fields)
    assert form_fields == {"status", "assignee", "new_note"}
    response = client.post(url, {"status": "closed", "name": "Changed", "message": "Changed"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "closed" and enquiry.closed_at is not None
    assert enquiry.name == "Alex Example"
    assert enquiry.message.startswith("A private message")


def test_no_add_and_no_delete_for_handlers(client, handler):
    enquiry = make_enquiry()
    assert client.get(reverse("admin:contact_enquiry_add")).status_code == 403
    assert client.get(reverse("admin:contact_enquiry_delete", args=[enquiry.pk])).status_code == 403
    actions = client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices
    assert "delete_selected" not in dict(actions)


def test_superuser_may_delete(client):
    client.force_login(User.objects.create_superuser("root", password="pw"))
    enquiry = make_enquiry()
    assert client.get(reverse("admin:contact_enquiry_delete", args=[enquiry.pk])).status_code == 200


def test_status_actions(client, handler):
    first, second = make_enquiry(), make_enquiry()
    response = client.post(
        reverse(CHANGELIST),
        {"action": "mark_closed", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    assert set(Enquiry.objects.values_list("status", flat=True)) == {"closed"}
    assert Enquiry.objects.filter(closed_at__isnull=True).count() == 0
    # Actions apply within the list's filter: closed ones are in the "all" or "closed" view.
    client.post(
        reverse(CHANGELIST) + "?status=closed",
        {"action": "mark_in_progress", "_selected_action": [first.pk]},
    )
    first.refresh_from_db()
    assert first.status == "in_progress" and first.closed_at is None


def test_export_csv_for_users_with_the_permission(client, handler):
    enquiry = make_enquiry(name='=HYPERLINK("http://evil")', phone="+44 7700 900123")
    make_enquiry(name="Not Selected")
    response = client.post(
        reverse(CHANGELIST), {"action": "export_csv", "_selected_action": [enquiry.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "received", "status", "name"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["id"] == str(enquiry.pk)
    assert row["name"] == '\'=HYPERLINK("http://evil")'  # no formula in a spreadsheet
    assert row["phone"] == "'+44 7700 900123"
    assert row["message"].startswith("A private message")
    assert row["status"] == "New"


def test_export_hidden_and_refused_without_the_permission(client):
    user = staff_user("viewer", "view_enquiry", "change_enquiry")
    client.force_login(user)
    enquiry = make_enquiry()
    response = client.get(reverse(CHANGELIST))
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "export_csv" not in actions
    assert "mark_closed" in actions
    response = client.post(
        reverse(CHANGELIST), {"action": "export_csv", "_selected_action": [enquiry.pk]}
    )
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert b"A private message" not in response.content


def test_view_only_user_cannot_change_status(client):
    client.force_login(staff_user("reader", "view_enquiry"))
    enquiry = make_enquiry()
    action_form = client.get(reverse(CHANGELIST)).context["action_form"]
    assert action_form is None  # no action is open to a reader: no status change, no export
    url = reverse("admin:contact_enquiry_change", args=[enquiry.pk])
    client.post(url, {"status": "closed"})
    enquiry.refresh_from_db()
    assert enquiry.status == "new"


def test_staff_without_permissions_see_nothing(client):
    client.force_login(staff_user("other"))
    make_enquiry()
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302 and "login" in response["Location"]


# Out of the box (issue 26): who can be assigned, what the page shows -----------------


def test_a_createsuperuser_account_can_be_assigned_and_assign_itself(client):
    """No one was in "Enquiry handlers" on a new site, so no one could be assigned."""
    boss = User.objects.create_superuser("boss", "boss@example.org", "pw")
    staff_user("plain-staff")  # staff but neither handler nor superuser
    enquiry = make_enquiry()
    client.force_login(boss)
    change = reverse("admin:contact_enquiry_change", args=[enquiry.pk])
    page = client.get(change).content.decode()
    options = re.findall(
        r'<option value="(\d+)"', page.split('name="assignee"')[1].split("</select>")[0]
    )
    assert options == [str(boss.pk)]
    assert "members of the “Enquiry handlers” group, and superusers" in page
    response = client.post(
        reverse(CHANGELIST), {"action": "assign_to_me", "_selected_action": [enquiry.pk]}
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.assignee == boss


def test_someone_who_cannot_be_assigned_is_told_who_can(client):
    user = staff_user("viewer", "view_enquiry", "change_enquiry")
    enquiry = make_enquiry()
    client.force_login(user)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "assign_to_me", "_selected_action": [enquiry.pk]},
        follow=True,
    )
    assert "Only members of the “Enquiry handlers” group, and superusers" in response.text
    enquiry.refresh_from_db()
    assert enquiry.assignee is None


def test_the_assignee_is_a_plain_list_without_user_buttons(client, handler):
    enquiry = make_enquiry()
    page = client.get(reverse("admin:contact_enquiry_change", args=[enquiry.pk])).text
    assert 'name="assignee"' in page
    for button in (
        "add_id_assignee",
        "change_id_assignee",
        "delete_id_assignee",
        "view_id_assignee",
    ):
        assert button not in page


def test_the_enquiry_page_writes_every_time_on_a_24_hour_clock(client, handler):
    received = timezone.make_aware(timezone.datetime(2026, 12, 4, 13, 26))
    enquiry = make_enquiry(received_at=received, consent_given_at=received)
    client.post(
        reverse("admin:contact_enquiry_change", args=[enquiry.pk]),
        {"status": "in_progress", "assignee": "", "new_note": "Rang back."},
    )
    page = client.get(reverse("admin:contact_enquiry_change", args=[enquiry.pk])).text
    assert "4 Dec 2026, 13:26" in page
    assert "p.m." not in page and "a.m." not in page
