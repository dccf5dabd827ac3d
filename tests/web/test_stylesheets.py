"""The stylesheets: a Bootstrap subset built by `make css`, and the site's own site.css.

The subset keeps only the Bootstrap rules whose classes the sources mention when it was
built. A template that starts using a Bootstrap class the subset dropped would look wrong
without any error, so every class a template uses that Bootstrap defines (the list `make
css` writes to assets/css/bootstrap-classes.txt) must be in the subset.
"""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
STATIC = BASE / "static"
SUBSET = STATIC / "vendor" / "bootstrap" / "bootstrap.subset.css"
BOOTSTRAP_CLASSES = BASE / "assets" / "css" / "bootstrap-classes.txt"
TEMPLATE_DIRS = [BASE / "templates", BASE / "ipt_site"]
TEMPLATE_TAG = re.compile(r"\{[%{].*?[%}]\}")


def classes_in(css: str) -> set[str]:
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", css))


def template_classes():
    used = {}
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            for attribute in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
                for name in TEMPLATE_TAG.sub(" ", attribute).split():
                    used.setdefault(name, path.relative_to(BASE).as_posix())
    return used


def test_every_bootstrap_class_a_template_uses_is_in_the_subset():
    bootstrap = set(BOOTSTRAP_CLASSES.read_text(encoding="utf-8").split())
    assert {"btn", "card", "alert", "form-control"} <= bootstrap
    subset = classes_in(SUBSET.read_text(encoding="utf-8"))
    missing = {
        name: where
        for name, where in template_classes().items()
        if name in bootstrap and name not in subset
    }
    assert not missing, (
        f"Bootstrap classes missing from the subset: {missing}. Run `make css` (it rebuilds "
        "the subset from the templates) and commit the result."
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
