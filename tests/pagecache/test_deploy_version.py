"""The deploy version of two copies of one release is the same (their cached pages are
shared), whatever order each copy's collectstatic wrote its manifest in."""

import json

import pytest

from ipt_site.pagecache import versions

pytestmark = pytest.mark.django_db


def test_the_static_manifest_counts_by_its_names_not_their_order(tmp_path, settings):
    names = {"css/site.css": "css/site.1a2b.css", "js/menu.js": "js/menu.3c4d.js"}

    def install(name, paths):
        root = tmp_path / name
        (root / "staticfiles").mkdir(parents=True)
        manifest = {"paths": paths, "version": "1.1", "hash": "x"}
        (root / "staticfiles" / "staticfiles.json").write_text(json.dumps(manifest))
        settings.BASE_DIR = root
        settings.STATIC_ROOT = root / "staticfiles"
        return versions.compute_deploy_version(root)

    blue = install("blue", names)
    assert install("green", dict(reversed(names.items()))) == blue
    assert install("red", {**names, "js/menu.js": "js/menu.9f9f.js"}) != blue
