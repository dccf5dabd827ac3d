"""Free call emails, sent by the task queue's worker. Arguments are ids and plain values:
the task reads the booking when it runs, so it sends what is true then (and nothing for
a call cancelled or moved since)."""

from ipt_site.web.tasks import retrying_task


@retrying_task
def send_call_email(booking_id: int, kind: str, to: str, sequence: int, base_url: str = "") -> str:
    """Free call email (booked, moved, cancelled or reminder) to the visitor or therapist"""
    from .emails import send_call_email as send

    return send(booking_id, kind, to, sequence, base_url)


@retrying_task
def send_suggested_times_email(request_id: int, base_url: str = "") -> str:
    """Suggested call times: a link for the practice"""
    from .emails import send_suggested_times

    return send_suggested_times(request_id, base_url)
