"""JSON-LD for an article: schema.org BlogPosting and its breadcrumb trail."""

from django.conf import settings

from ipt_site.pages import structured_data as page_data


def for_article(request, article, author, breadcrumbs) -> list[dict]:
    url = page_data.absolute_url(request, article.url)
    publisher = {"@type": "Organization", "name": settings.PRACTICE_NAME}
    if author.url:
        by = {
            "@type": "Person",
            "name": author.name,
            "url": page_data.absolute_url(request, author.url),
        }
        if author.job_title:
            by["jobTitle"] = author.job_title
    else:
        by = publisher
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "en-GB",
        "author": by,
        "publisher": publisher,
        "wordCount": article.words,
        "timeRequired": f"PT{article.reading_minutes}M",
    }
    if article.date:
        posting["datePublished"] = article.date.isoformat()
    if article.updated:
        posting["dateModified"] = article.updated.isoformat()
    if article.tags:
        posting["keywords"] = [tag.label for tag in article.tags]
        posting["about"] = [{"@type": "Thing", "name": tag.label} for tag in article.tags]
    # The breadcrumb list is the same as any content page's.
    return [posting, page_data.for_page(request, article.page, breadcrumbs)[1]]
