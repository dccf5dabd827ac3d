"""Lighthouse (mobile) for the main page types against the site under gunicorn.

Prints the four category scores per page and writes the JSON reports to
var/lighthouse/. Needs `npm ci` (the Makefile runs it) and Debian's chromium.

    make lighthouse
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.serverkit import ROOT, Gunicorn, prepare, server_env  # noqa: E402

PAGES = [
    ("home", "/"),
    ("problem area", "/problem-areas/grief/"),
    ("directory", "/therapists/"),
    ("contact form", "/contact/"),
    ("article", "/articles/when-grief-gets-stuck/"),
    ("search", "/search/?q=grieving"),
    ("worksheet", "/self-check/my-relationships/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --disable-dev-shm-usage"
)


def main():
    out_dir = ROOT / "var" / "lighthouse"
    out_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="ipt-lighthouse-") as tmp:
        site_env = server_env(Path(tmp))
        prepare(site_env)
        with Gunicorn(site_env, host="localhost") as server:
            for name, path in PAGES:
                report = out_dir / f"{name.replace(' ', '-')}.json"
                command = [
                    str(ROOT / "node_modules" / ".bin" / "lighthouse"),
                    server.base + path,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ]
                # Lighthouse sometimes loses its trace on a busy machine (NO_NAVSTART):
                # a second or third run of the same page is a fair measure, not a retry
                # until a good score.
                for attempt in range(3):
                    if subprocess.run(command, env=env, check=False).returncode == 0:
                        break
                    print(f"{name}: Lighthouse failed (attempt {attempt + 1}); again...")
                else:
                    raise SystemExit(f"{name}: Lighthouse failed three times")
                data = json.loads(report.read_text())
                scores = [round(data["categories"][c]["score"] * 100) for c in CATEGORIES]
                failing = [
                    audit["id"]
                    for audit in data["audits"].values()
                    if audit.get("score") is not None
                    and audit["score"] < 1
                    and audit.get("scoreDisplayMode") in ("binary", "numeric")
                ]
                rows.append((name, path, scores, failing))
    print(f"\n{'page':<14} {'path':<24} " + " ".join(f"{c[:14]:>14}" for c in CATEGORIES))
    for name, path, scores, _ in rows:
        print(f"{name:<14} {path:<24} " + " ".join(f"{s:>14}" for s in scores))
    for name, _, _, failing in rows:
        if failing:
            print(f"{name}: audits below 100: {', '.join(failing)}")
    print(f"(Lighthouse mobile, gunicorn with DEBUG off on localhost; reports in {out_dir})")


if __name__ == "__main__":
    main()
