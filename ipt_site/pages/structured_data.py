"""Canonical URLs and JSON-LD for content pages (schema.org MedicalWebPage, BreadcrumbList)."""

from django.conf import settings


def absolute_url(request, path: str) -> str:
    if path.startswith(("https://", "http://")):
        return path  # already absolute, e.g. a photo in an object store
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def for_page(request, page, breadcrumbs) -> list[dict]:
    url = absolute_url(request, page.url)
    web_page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": "en-GB",
        "audience": {"@type": "PeopleAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": settings.PRACTICE_NAME},
    }
    if page.reviewed:
        web_page["lastReviewed"] = page.reviewed.isoformat()
    trail = [*breadcrumbs, page]
    breadcrumb_list = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": absolute_url(request, crumb.url),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }
    return [web_page, breadcrumb_list]
