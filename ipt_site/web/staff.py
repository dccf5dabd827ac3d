"""Staff groups: what each lets its members do, and group membership makes a user staff.

The admin lets only staff users sign in. Someone added to "Content editors" without the
"Staff status" box ticked could not sign in and was told their password was wrong; so
adding a user to any group here ticks it for them (the groups are all staff roles:
therapists sign in at /account/ and belong to none). Taking someone out of a group
leaves staff status as it is: untick it in the user's page to stop them signing in.
"""

from django.contrib.auth import get_user_model

# What each group the migrations create is for, in the words the admin shows.
STAFF_GROUPS = {
    "Content editors": "edit the site's pages, help lines and search synonyms (a change "
    "to a page that needs clinical review waits for a clinical reviewer)",
    "Clinical reviewers": "approve or send back changes to pages that need clinical review "
    "(explainer pages and articles); they cannot approve their own changes",
    "Directory editors": "manage therapists' profiles, invite therapists and approve the "
    "changes they make",
    "Enquiry handlers": "read and answer enquiries, and be assigned them",
}


def groups_help() -> str:
    roles = "; ".join(f"“{name}”: {does}" for name, does in STAFF_GROUPS.items())
    return (
        f"What each group lets someone do: {roles}. Superusers can do all of it. Adding "
        "someone to a group gives them staff status, which they need to sign in here."
    )


def make_group_members_staff(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed on User.groups: whoever is added to a group becomes staff."""
    if action != "post_add" or not pk_set:
        return
    User = get_user_model()
    if reverse:  # group.user_set.add(...): the users are pk_set
        User.objects.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
    elif not instance.is_staff:
        User.objects.filter(pk=instance.pk).update(is_staff=True)
        instance.is_staff = True
