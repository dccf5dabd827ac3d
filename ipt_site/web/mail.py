"""Every email the site sends: a template each, one way to send, one way to make links.

A template lives at ``templates/<app>/email/<name>.txt``. Its first line is the subject,
written ``Subject: ...``; a blank line follows, then the body (plain text, never
HTML-escaped). Every template also sees ``site_name``, ``practice_name``,
``practice_email`` and ``practice_phone``.

    send_templated(
        "accounts/email/invitation.txt",
        to=[address],
        context={"therapist": therapist, "link": absolute_url(path, base_url)},
        reply_to=[settings.PRACTICE_EMAIL],
        attachments=[("session.ics", ics_text, "text/calendar")],
    )

Call it from a task (ipt_site.web.tasks), never inside a request: a mail server that is
slow or down must not make a visitor wait. It raises what the mail server raises, so the
task can try again later.

Emails carry names, times and links only: never what a person wrote to us or anything
about their health.
"""

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context
from django.template.loader import get_template

SUBJECT = re.compile(r"Subject:[ \t]*(?P<subject>[^\n]*)\n")


def absolute_url(path: str, base="") -> str:
    """A full address for a link that leaves the page (an email, a feed, a canonical tag).

    IPT_SITE_URL when set; otherwise `base`: the request being answered, or the site's
    address as the request that started the work saw it (``request.build_absolute_uri("/")``,
    passed on to a task); otherwise the path as it is. A full address stays as it is.
    """
    if path.startswith(("https://", "http://")):
        return path
    if settings.SITE_URL:
        return f"{settings.SITE_URL}{path}"
    if hasattr(base, "build_absolute_uri"):
        return base.build_absolute_uri(path)
    return f"{(base or '').rstrip('/')}{path}"


def render_email(template_name: str, context: dict | None = None) -> tuple[str, str]:
    """(subject, body) from an email template; see the module's docstring for its form."""
    values = {
        "site_name": settings.SITE_NAME,
        "practice_name": settings.PRACTICE_NAME,
        "practice_email": settings.PRACTICE_EMAIL,
        "practice_phone": settings.PRACTICE_PHONE,
        **(context or {}),
    }
    # Plain text: render with autoescaping off (an apostrophe stays an apostrophe).
    text = get_template(template_name).template.render(Context(values, autoescape=False))
    match = SUBJECT.match(text.lstrip("\n"))
    if match is None:
        raise ValueError(f"{template_name} must start with a 'Subject: ...' line")
    subject = " ".join(match["subject"].split())  # one line: no header injection
    body = text.lstrip("\n")[match.end() :]
    # Template tags on lines of their own leave blank lines behind: at most one in a row.
    body = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", body).strip("\n") + "\n"
    return subject, body


def send_templated(
    template_name: str,
    *,
    to: list[str],
    context: dict | None = None,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, str | bytes, str]] | None = None,
    connection=None,
) -> EmailMessage:
    """Render `template_name` and send it to `to` (one message; every address sees the
    others, so send one each to people who do not know each other). `attachments` are
    (filename, content, mimetype). Returns the message that was sent."""
    subject, body = render_email(template_name, context)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
        attachments=attachments,
        connection=connection,
    )
    message.send()
    return message
