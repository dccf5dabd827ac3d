from datetime import time

import pytest

from ipt_site.introcalls.models import CallWindow
from tests.factories import create_therapist

EVERY_DAY = [(day, time(9, 0), time(11, 0)) for day in range(7)]


@pytest.fixture
def caller(db):
    """A published therapist who offers a free 15-minute call, 9 to 11 every day."""
    therapist = create_therapist(
        name="Robin Caller", intro_call=True, intro_call_minutes=15, email="robin@example.org"
    )
    CallWindow.objects.bulk_create(
        CallWindow(therapist=therapist, weekday=d, starts=s, ends=e) for d, s, e in EVERY_DAY
    )
    return therapist


VISITOR = {
    "name": "Alex Visitor",
    "mode": "phone",
    "phone": "07700 900123",
    "email": "alex@example.net",
    "consent": "on",
}
