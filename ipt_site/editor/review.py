"""Which pages need a clinical reviewer's approval before a change goes live, and who
reviews.

A page's front matter says so with `review: clinical` or `review: none`. When it leaves
it out, the default is clinical for every page (explainer pages and articles say things
about health and therapy) except the site's own pages listed in `NOT_CLINICAL`: privacy,
accessibility, complaints and the like, which a clinician need not sign off.

Review is in force once the "Clinical reviewers" group has an active member: on a new
site with no reviewer yet, saves publish as before (nobody could approve them), and the
editor says so.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .permissions import REVIEW_PERMISSION, REVIEWERS_GROUP

# The site's own pages (files in content/): policies and practical notices, not health
# information.
NOT_CLINICAL = frozenset(
    {
        "privacy.md",
        "accessibility.md",
        "complaints.md",
        "confidentiality.md",
        "about-this-information.md",
    }
)


def default_kind(relpath: str) -> str:
    return "none" if relpath in NOT_CLINICAL else "clinical"


def kind_of(relpath: str, front_matter: dict) -> str:
    """ "clinical" or "none": the page's own `review`, else the default for its file."""
    value = (front_matter or {}).get("review")
    return value if value in ("clinical", "none") else default_kind(relpath)


def reviewers():
    """Active members of the Clinical reviewers group."""
    return get_user_model().objects.filter(is_active=True, groups__name=REVIEWERS_GROUP)


def review_in_force() -> bool:
    return reviewers().exists()


def needs_review(relpath: str, published_front_matter: dict, new_front_matter: dict) -> bool:
    """A change needs review when the page needs it before or after the change (so
    turning review off is itself a change a reviewer approves)."""
    if not review_in_force():
        return False
    return "clinical" in (
        kind_of(relpath, published_front_matter),
        kind_of(relpath, new_front_matter),
    )


def may_review(user) -> bool:
    return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))


def next_review(today: datetime.date | None = None) -> datetime.date:
    """When a page reviewed today is due again: the same date a year on (the 28th for a
    29 February), as staff would write it."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)
