"""Waiting-list emails, sent by the task queue's worker (ids only in the task rows)."""

from ipt_site.web.tasks import retrying_task


@retrying_task
def send_waiting_list_confirmation(request_id: int) -> str:
    """Waiting list: confirmation with the unsubscribe link"""
    from .emails import confirmation

    return confirmation(request_id)


@retrying_task
def send_place_opened_emails(therapist_id: int) -> str:
    """Waiting list: a place has opened (to each visitor waiting, in order)"""
    from . import services
    from .emails import place_opened

    sent = services.tell_waiting(therapist_id, place_opened)
    return f"Sent {sent}."
