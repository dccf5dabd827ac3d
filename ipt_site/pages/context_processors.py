from django.conf import settings
from django.urls import reverse

# (label, path or URL name). Paths are content pages; names are app views.
NAVIGATION = (
    ("About IPT", "/about-ipt/"),
    ("Problem areas", "/problem-areas/"),
    ("What to expect", "/what-to-expect/"),
    ("Getting IPT", "/getting-ipt/"),
    ("Compare", "/compare/"),
    ("FAQ", "/faq/"),
    ("Articles", "articles:list"),
    ("Self-check", "selfcheck:index"),
    ("Resources", "/resources/"),
    ("Find a therapist", "therapists:list"),
    ("Contact", "contact:form"),
)


def _navigation():
    return [
        {"label": label, "url": target if target.startswith("/") else reverse(target)}
        for label, target in NAVIGATION
    ]


def site(request):
    """What every template needs: the practice and the menu. (The urgent-help panel's
    lines come from ipt_site.helplines.context_processors.)"""
    path = getattr(request, "path", "") if request is not None else ""
    navigation = _navigation()
    for item in navigation:
        item["current"] = bool(path) and path.startswith(item["url"])
    return {
        "site_name": settings.SITE_NAME,
        "practice": {
            "name": settings.PRACTICE_NAME,
            "email": settings.PRACTICE_EMAIL,
            "phone": settings.PRACTICE_PHONE,
            "address": settings.PRACTICE_ADDRESS,
        },
        "navigation": navigation,
        # "Exit this page" (includes/exit_this_page.html) goes here.
        "quick_exit_url": settings.QUICK_EXIT_URL,
    }
