"""Writes for therapist accounts, one small module per workflow:

- invitations: an admin invites a therapist (an account, and a sign-in link by email)
- password_links: a therapist who forgot their password asks for a new link
- profile_changes: a therapist's edit waits as a ProfileChange; an admin approves it or
  sends it back with a reason
- availability: the reminders to confirm how soon they can see someone new (the status
  itself: ipt_site.therapists.services.set_availability, straight away, no approval)

Every email goes through the task queue (accounts.tasks): these functions save, then
queue, and return without waiting for a mail server.
"""


class AccountError(Exception):
    """Something an admin can fix; the message says what, in plain words."""
