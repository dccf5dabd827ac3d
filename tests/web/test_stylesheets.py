"""The stylesheets: a Bootstrap subset built by `make css`, and the site's own site.css.

The subset keeps only the Bootstrap rules whose classes the sources mention when it was
built. A template that starts using a Bootstrap class the subset dropped would look wrong
without any error, so every class a template uses must have a rule in one of the two
stylesheets, or be listed below as a hook that is styled through its parent or not at all.
"""

import re
from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
SUBSET = STATIC / "vendor" / "bootstrap" / "bootstrap.subset.css"
SITE = STATIC / "css" / "site.css"
TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "ipt_site"]
# Classes with no rule of their own: hooks for structure or for tests.
HOOKS = {"faq-list", "home-areas", "home-body", "pager-prev", "section-pages"}
TEMPLATE_TAG = re.compile(r"\{[%{].*?[%}]\}")


def defined_classes():
    css = SUBSET.read_text(encoding="utf-8") + SITE.read_text(encoding="utf-8")
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", css))


def template_classes():
    used = {}
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            for attribute in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
                for name in TEMPLATE_TAG.sub(" ", attribute).split():
                    if not name.endswith("-"):  # completed by a template variable
                        used.setdefault(name, path.relative_to(settings.BASE_DIR).as_posix())
    return used


def test_every_class_a_template_uses_has_a_rule():
    defined = defined_classes()
    missing = {
        name: where
        for name, where in template_classes().items()
        if name not in defined and name not in HOOKS
    }
    assert not missing, (
        f"Classes with no CSS rule: {missing}. If one is Bootstrap's, run `make css` (it "
        "rebuilds the subset from the templates) and commit the result; if it is a hook "
        "with no style, add it to HOOKS in this test."
    )


def test_the_subset_is_bootstrap_with_its_licence_and_much_smaller():
    css = SUBSET.read_text(encoding="utf-8")
    assert css.startswith("/*!\n * Bootstrap  v5.3.")
    assert "Licensed under MIT" in css
    assert (STATIC / "vendor" / "bootstrap" / "LICENSE").exists()
    assert len(css) < 40_000  # the whole of Bootstrap is 232 KB
    for needed in (".btn-primary", ".form-control", ".visually-hidden", ".table", ".lead"):
        assert needed in css


def test_every_page_links_the_subset_and_the_site_stylesheet_only(client, content):
    html = client.get("/").text
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert links == ["/static/vendor/bootstrap/bootstrap.subset.css", "/static/css/site.css"]
