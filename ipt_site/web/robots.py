"""/robots.txt: every page may be crawled but the contact form's thank-you page; the
sitemap says where the pages are."""

from django.http import HttpResponse
from django.urls import reverse

from ipt_site.pagecache import cacheable
from ipt_site.pages.structured_data import absolute_url


@cacheable(depends=set())  # the same for everyone: kept at the edge like a page
def robots_txt(request):
    sitemap = absolute_url(request, reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /contact/thanks/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
