from django.urls import path, re_path

from ipt_site.pagecache import cacheable

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", cacheable(depends={"content", "data"})(feeds.ArticlesFeed()), name="feed"),
    # Lower-case slugs only, like content pages; anything else gets the 404 page.
    re_path(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/$", views.article_detail, name="detail"),
]
