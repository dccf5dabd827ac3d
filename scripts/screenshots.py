"""Screenshots of the main page types at phone and desktop widths, and a pixel comparison.

Starts the site as production runs it (serverkit: gunicorn, DEBUG off, demo therapists),
takes full-page screenshots with Debian's chromium, and writes them to a folder. With
--compare it reports, for each picture, the share of pixels that differ from the same
picture in another folder and writes a diff image where they do, so a stylesheet change
can be checked for "looks identical".

    .venv/bin/python scripts/screenshots.py --out var/shots-before
    .venv/bin/python scripts/screenshots.py --out var/shots-after --compare var/shots-before
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.serverkit import Gunicorn, prepare, server_env  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGES = [
    ("home", "/"),
    ("problem-area", "/problem-areas/grief/"),
    ("faq", "/faq/"),
    ("section", "/what-to-expect/"),
    ("comparison", "/compare/cbt/"),
    ("glossary", "/glossary/"),
    ("directory", "/therapists/"),
    ("directory-filtered", "/therapists/?area=grief&format=online"),
    ("profile", "/therapists/marnie-ashcombe/"),
    ("contact", "/contact/"),
    ("self-check", "/self-check/"),
    ("mood-check", "/self-check/mood/"),
    ("worksheet", "/self-check/my-relationships/"),
    ("guide", "/resources/talking-about-what-you-need/"),
    ("sign-in", "/account/sign-in/"),
    ("not-found", "/no-such-page/"),
]
WIDTHS = (375, 1280)


def _contact_errors(page):
    page.wait_for_timeout(3500)  # the form treats faster submissions as a bot's
    page.click("form.enquiry-form button[type=submit]")


def _mood_errors(page):
    page.click("form button[type=submit]")


def _mood_result(page):
    for n in range(1, 10):
        page.check(f"#id_q{n}_{n % 4}")
    page.check("#id_difficulty_1")
    page.click("form button[type=submit]")


def _focus_first_link(page):
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")


# States a plain page load does not show: form errors, results, keyboard focus.
STATES = [
    ("contact-errors", "/contact/", _contact_errors),
    ("mood-errors", "/self-check/mood/", _mood_errors),
    ("mood-result", "/self-check/mood/", _mood_result),
    ("focus", "/problem-areas/grief/", _focus_first_link),
]


def take(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, path in PAGES:
                page.goto(base + path, wait_until="networkidle")
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            for name, path, action in STATES:
                page.goto(base + path, wait_until="networkidle")
                action(page)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
        browser.close()
    return written


def compare(new: Path, old: Path) -> int:
    from PIL import Image, ImageChops

    different = 0
    for picture in sorted(new.glob("*.png")):
        before = old / picture.name
        if not before.exists():
            print(f"{picture.name:<32} no picture to compare with")
            continue
        a, b = Image.open(before).convert("RGB"), Image.open(picture).convert("RGB")
        if a.size != b.size:
            different += 1
            print(f"{picture.name:<32} size changed: {a.size} -> {b.size}")
            continue
        red, green, blue = ImageChops.difference(a, b).split()
        strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
        diff = strongest.point(lambda v: 255 if v else 0)
        changed = diff.histogram()[255]
        share = changed / (a.size[0] * a.size[1])
        if changed:
            different += 1
            diff.save(picture.with_suffix(".diff.png"))
        print(f"{picture.name:<32} {changed:>8} pixels differ ({share:.4%})")
    return different


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path, help="a folder of earlier screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipt-shots-") as tmp:
        env = server_env(Path(tmp))
        prepare(env)
        with Gunicorn(env, workers=1) as server:
            written = take(server.base, args.out)
    print(f"{len(written)} screenshots in {args.out}")
    if args.compare:
        raise SystemExit(1 if compare(args.out, args.compare) else 0)


if __name__ == "__main__":
    main()
