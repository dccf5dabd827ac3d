"""Every opening, export, change and deletion of an enquiry leaves one access-log row,
bulk actions included, and no row holds anything the enquirer wrote."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ipt_site.audit.models import EnquiryAccess
from ipt_site.contact.models import Enquiry
from tests.contact.test_admin import make_enquiry, staff_user

pytestmark = pytest.mark.django_db

PRIVATE = ("Jo Private", "jo.private@example.org", "07700 900999", "my brother died in May")


def private_enquiry():
    return make_enquiry(
        name=PRIVATE[0], email=PRIVATE[1], phone=PRIVATE[2], message=f"Since {PRIVATE[3]}."
    )


@pytest.fixture
def handler(client):
    user = staff_user("handler", group="Enquiry handlers")
    client.force_login(user)
    return user


def rows():
    return list(
        EnquiryAccess.objects.order_by("pk").values_list(
            "username", "action", "enquiry_id", "detail"
        )
    )


def assert_no_contents():
    for entry in EnquiryAccess.objects.all():
        stored = " ".join(str(value) for value in entry.__dict__.values())
        for secret in PRIVATE:
            assert secret not in stored
        assert "Since" not in str(entry)


def changelist():
    return reverse("admin:contact_enquiry_changelist")


def change(pk):
    return reverse("admin:contact_enquiry_change", args=[pk])


def test_opening_an_enquiry_writes_one_row(client, handler):
    enquiry = private_enquiry()
    response = client.get(change(enquiry.pk))
    assert response.status_code == 200 and PRIVATE[0] in response.text
    assert rows() == [("handler", "viewed", enquiry.pk, "")]
    entry = EnquiryAccess.objects.get()
    assert entry.user == handler and timezone.now() - entry.at < timedelta(minutes=1)
    assert_no_contents()


def test_the_list_and_a_missing_enquiry_write_nothing(client, handler):
    private_enquiry()
    assert client.get(changelist()).status_code == 200
    assert client.get(change(999999)).status_code == 302  # "does not exist" back to the list
    assert rows() == []


def test_changing_the_status_writes_one_row_naming_the_field(client, handler):
    enquiry = private_enquiry()
    response = client.post(change(enquiry.pk), {"status": "in_progress"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "in_progress"
    assert rows() == [("handler", "changed", enquiry.pk, "Status")]
    assert_no_contents()


def test_saving_without_a_change_is_not_a_change(client, handler):
    enquiry = private_enquiry()
    client.post(change(enquiry.pk), {"status": "new"})
    assert rows() == []


def test_a_bulk_status_change_writes_a_row_per_enquiry(client, handler):
    enquiries = [private_enquiry() for _ in range(3)]
    response = client.post(
        changelist(),
        {"action": "mark_closed", "_selected_action": [e.pk for e in enquiries]},
    )
    assert response.status_code == 302
    assert Enquiry.objects.filter(status="closed").count() == 3
    assert sorted(rows()) == sorted(
        ("handler", "changed", e.pk, "bulk action: mark_closed") for e in enquiries
    )


def test_an_export_writes_a_row_per_exported_enquiry(client, handler):
    exported = [private_enquiry() for _ in range(2)]
    private_enquiry()  # not selected, not logged
    response = client.post(
        changelist(), {"action": "export_csv", "_selected_action": [e.pk for e in exported]}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert sorted(rows()) == sorted(
        ("handler", "exported", e.pk, "bulk action: export_csv") for e in exported
    )
    assert_no_contents()


def test_deleting_writes_a_row_and_the_row_outlives_the_enquiry(client, admin_user):
    client.force_login(admin_user)
    enquiry = private_enquiry()
    pk = enquiry.pk
    confirm = client.get(reverse("admin:contact_enquiry_delete", args=[pk]))
    assert confirm.status_code == 200 and rows() == []  # asking is not deleting
    client.post(reverse("admin:contact_enquiry_delete", args=[pk]), {"post": "yes"})
    assert not Enquiry.objects.filter(pk=pk).exists()
    assert rows() == [("admin", "deleted", pk, "")]


def test_bulk_delete_logs_only_once_confirmed(client, admin_user):
    client.force_login(admin_user)
    enquiries = [private_enquiry() for _ in range(2)]
    data = {"action": "delete_selected", "_selected_action": [e.pk for e in enquiries]}
    assert client.post(changelist(), data).status_code == 200  # "are you sure?"
    assert rows() == []
    client.post(changelist(), {**data, "post": "yes"})
    assert Enquiry.objects.count() == 0
    assert sorted(rows()) == sorted(("admin", "deleted", e.pk, "") for e in enquiries)


def test_the_log_is_for_superusers_only_and_read_only(client, admin_user):
    EnquiryAccess.objects.create(username="handler", action="viewed", enquiry_id=7)
    log_url = reverse("admin:audit_enquiryaccess_changelist")
    everything = staff_user(
        "manager",
        "view_enquiryaccess",
        "change_enquiryaccess",
        "delete_enquiryaccess",
        "view_enquiry",
    )
    client.force_login(everything)
    assert client.get(log_url).status_code == 403
    assert "Access log" not in client.get(reverse("admin:index")).text

    client.force_login(admin_user)
    page = client.get(log_url)
    assert page.status_code == 200 and "#7" in page.text
    entry = EnquiryAccess.objects.get()
    detail = client.get(reverse("admin:audit_enquiryaccess_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.text
    delete = client.post(
        reverse("admin:audit_enquiryaccess_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403 and EnquiryAccess.objects.count() == 1


def test_purge_keeps_the_log_for_its_own_retention(settings):
    settings.AUDIT_RETENTION_DAYS = 730
    now = timezone.now()
    old = EnquiryAccess.objects.create(username="a", action="viewed", enquiry_id=1)
    EnquiryAccess.objects.filter(pk=old.pk).update(at=now - timedelta(days=731))
    recent = EnquiryAccess.objects.create(username="a", action="viewed", enquiry_id=2)
    EnquiryAccess.objects.filter(pk=recent.pk).update(at=now - timedelta(days=729))
    out = StringIO()
    call_command("purge_access_log", "--dry-run", stdout=out)
    assert "1 access-log rows are older than 730 days" in out.getvalue()
    assert EnquiryAccess.objects.count() == 2
    call_command("purge_access_log", stdout=out)
    assert list(EnquiryAccess.objects.values_list("enquiry_id", flat=True)) == [2]


def test_superusers_find_the_log_on_the_admin_home(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).text
    assert "Access log" in page and "Enquiry access log" in page
