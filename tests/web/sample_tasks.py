"""Tasks for the tests of the queue itself (tests/web/test_tasks.py)."""

from django.contrib.auth import get_user_model

from ipt_site.web.mail import absolute_url, send_templated
from ipt_site.web.tasks import TryAgain, retrying_task


@retrying_task
def send_hello(user_id: int, base_url: str = "") -> str:
    """Hello email (a test task)"""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return "The user is gone: nothing to send."
    send_templated(
        "tests/email/hello.txt",
        to=[user.email],
        context={"name": user.username, "link": absolute_url("/account/", base_url)},
    )
    return "Sent."


@retrying_task
def broken(user_id: int) -> str:
    """A task with a bug (a test task)"""
    raise ValueError(f"secret detail about user {user_id}: alex@example.com")


@retrying_task
def not_yet(user_id: int) -> str:
    """A task that asks to be tried again (a test task)"""
    raise TryAgain("the thing it waits for is not ready")
