"""Moving a page to another file (so another address)."""

from django.utils.translation import ngettext


def moved_message(old_url, new_url, updated, left) -> str:
    said = f"Moved. The page is now at {new_url}; its old address {old_url} sends visitors there."
    if updated:
        said += " " + ngettext(
            "The link on %(count)d other page now points to the new address",
            "The links on %(count)d other pages now point to the new address",
            len(updated),
        ) % {"count": len(updated)}
        said += " (each saved as its own version)."
    if left:
        said += f" Still linking to the old address (change them by hand): {', '.join(left)}."
    elif not updated:
        said += " Update links to it from other pages when you can: the checks list them."
    return said
