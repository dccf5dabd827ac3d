from .models import EnquiryAccess


def record(user, action: str, enquiry_ids, detail: str = "") -> int:
    """One row per enquiry for one access by `user`; returns how many rows."""
    rows = [
        EnquiryAccess(
            user=user,
            username=user.get_username(),
            action=action,
            enquiry_id=int(pk),
            detail=detail[:200],
        )
        for pk in dict.fromkeys(enquiry_ids)  # each enquiry once, in order
    ]
    EnquiryAccess.objects.bulk_create(rows)
    return len(rows)
