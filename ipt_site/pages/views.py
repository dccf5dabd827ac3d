import time

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.generic import TemplateView

from ipt_site.pagecache import cacheable, versions

from . import placeholders, selectors, structured_data
from .render import split_lead

# A deploy can change templates without touching content: pages are never older than this.
STARTED_AT = time.time()


@cacheable  # problem-area pages show therapists: content, data and day versions all count
class PageView(TemplateView):
    """A markdown page from the content rows, looked up by its URL.

    The page and its neighbours come from the methods below, which the editor's preview
    overrides to put the page being edited in its place."""

    def get(self, request, *args, **kwargs):
        self.staff = request.user.is_authenticated and request.user.is_staff
        self.page = self.find_page("/" + kwargs.get("url", ""))
        if self.page is None:
            raise Http404("No such page")
        response = super().get(request, *args, **kwargs)
        if self.page.draft or self.staff:
            # Staff may see drafts and notices: never share their copy.
            patch_cache_control(response, private=True, no_cache=True)
            if self.page.draft:
                response["X-Robots-Tag"] = "noindex"
        else:
            patch_cache_control(response, public=True, max_age=settings.CONTENT_CACHE_SECONDS)
            # ConditionalGetMiddleware answers If-Modified-Since / If-None-Match with 304.
            changed = versions.content_changed_at(request)
            response["Last-Modified"] = http_date(
                max(changed.timestamp() if changed else 0, STARTED_AT)
            )
        return response

    def find_page(self, url):
        return selectors.page_at(url, staff=self.staff)

    def children(self, url):
        return selectors.children(url, staff=self.staff)

    def ancestors(self, page):
        return selectors.ancestors(page)

    def siblings(self, page, breadcrumbs):
        """(previous, next) among the pages that share this page's parent, if it is shown."""
        if not breadcrumbs or breadcrumbs[-1].url != page.parent_url:
            return None, None
        return selectors.neighbours(page, self.children(page.parent_url))

    def get_template_names(self):
        return [self.page.template_name, "pages/page.html"]

    def get_context_data(self, **kwargs):
        page = self.page
        breadcrumbs = self.ancestors(page)
        previous_page, next_page = self.siblings(page, breadcrumbs)
        context = super().get_context_data(**kwargs)
        context.update(
            page=page,
            breadcrumbs=breadcrumbs,
            children=self.children(page.url) if page.is_section else [],
            previous_page=previous_page,
            next_page=next_page,
            show_toc=sum(1 + len(entry["children"]) for entry in page.toc) >= 3,
            canonical_url=structured_data.absolute_url(self.request, page.url),
            structured_data=structured_data.for_page(self.request, page, breadcrumbs),
        )
        blocks = {}
        if page.template == "home":
            context["problem_areas"] = self.children("/problem-areas/")
            # The body places the cards; without the placeholder the template appends them.
            context["cards_in_body"] = "[[problem_area_cards]]" in page.html
            if context["cards_in_body"]:
                blocks["problem_area_cards"] = render_to_string(
                    "includes/page_cards.html", {"pages": context["problem_areas"], "level": 3}
                )
        context["page_html"] = placeholders.fill(page.html, blocks)
        context["toc_lead"], context["toc_rest"] = split_lead(context["page_html"])
        return context
