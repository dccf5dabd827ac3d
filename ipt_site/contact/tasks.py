"""Enquiry emails and the overdue summary, sent by the task queue's worker."""

from ipt_site.web.tasks import TryAgain, retrying_task

from .models import Enquiry


@retrying_task
def send_enquiry_emails(enquiry_id: int, base_url: str = "") -> str:
    """Enquiry emails: the practice, the chosen therapist, the acknowledgement"""
    from .services import notify

    enquiry = Enquiry.objects.select_related("therapist").filter(pk=enquiry_id).first()
    if enquiry is None:
        return "The enquiry is gone (deleted): nothing to send."
    if notify(enquiry, base_url=base_url):
        return "Sent."
    # What failed is on the enquiry (its last error, by exception class): try again later.
    raise TryAgain(enquiry.last_notification_error or "another worker was sending it")


@retrying_task
def send_overdue_summary(handler_id: int | None = None, base_url: str = "") -> str:
    """Overdue enquiries summary to a handler (or to the notification address)"""
    from .summary import send_summary

    return send_summary(handler_id, base_url)
