import logging
import re

from django import template
from django.db import DatabaseError
from django.urls import reverse
from django.utils.http import urlencode

from ipt_site.pagecache import shows_data

from .. import selectors
from ..models import ProblemArea

register = template.Library()
logger = logging.getLogger(__name__)

AREA_PAGE = re.compile(r"^/problem-areas/(?P<slug>[a-z0-9-]+)/$")


@register.inclusion_tag("therapists/includes/area_therapists.html", takes_context=True)
def therapists_for_page(context, page):
    """On a problem-area page, the published therapists who work with that area."""
    match = AREA_PAGE.match(getattr(page, "url", "") or "")
    if not match:
        return {"area": None}
    # Browsers keep a page with therapist cards only briefly (the server copy is exact).
    shows_data(context.get("request"))
    try:
        area = ProblemArea.objects.filter(slug=match["slug"]).first()
        therapists = list(selectors.therapists_for_area(area.slug)) if area else []
    except DatabaseError:
        # The explainer page matters more than the cards: render it without them.
        logger.exception("Could not list therapists for %s", page.url)
        return {"area": None}
    if area is None:
        return {"area": None}
    return {
        "area": area,
        "therapists": therapists,
        "directory_url": f"{reverse('therapists:list')}?{urlencode({'area': area.slug})}",
    }
