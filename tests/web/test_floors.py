"""The floors contract (.importlinter, run by `make lint`) holds for the code as it is, and
breaks when the content engine imports an app above it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.backend_independent


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--config", ".importlinter"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path):
    """A copy of the code and the contract, to break without touching the real one."""
    shutil.copytree(
        ROOT / "ipt_site",
        tmp_path / "ipt_site",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "static", "templates"),
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def add_import(tree: Path, module: str, line: str) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(f"{line}  # noqa\n" + path.read_text())


def test_the_floors_hold_for_the_code_as_it_is(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout
    assert "Floors only point down KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        (
            "ipt_site.pages.checks",
            "from ipt_site.editor.services import relink",
            "ipt_site.pages is not allowed to import ipt_site.editor",
        ),
        (
            "ipt_site.pages.placeholders",
            "from ipt_site.contact.replytime import reply_time",
            "ipt_site.pages is not allowed to import ipt_site.contact",
        ),
        (
            "ipt_site.therapists.admin",
            "from ipt_site.accounts.models import ProfileChange",
            "ipt_site.therapists is not allowed to import ipt_site.accounts",
        ),
        (
            "ipt_site.therapists.demo",
            "from ipt_site.introcalls.demo import set_windows",
            "ipt_site.therapists is not allowed to import ipt_site.introcalls",
        ),
        (
            "ipt_site.search.views",
            "from ipt_site.editor import services",
            "ipt_site.search is not allowed to import ipt_site.editor",
        ),
        (
            "ipt_site.contact.tasks",
            "from ipt_site.web.health import may_see_details",
            "ipt_site.contact is not allowed to import ipt_site.web.health",
        ),
    ],
)
def test_an_import_up_or_sideways_breaks_them(tree, module, line, broken):
    add_import(tree, module, line)
    result = lint_imports(tree)
    assert result.returncode == 1, result.stdout
    assert broken in result.stdout
