"""Benchmark: what keeping staff's comments costs when the editor writes front matter.

Over every page in content/: the front matter written afresh (`pagefile.write`, PyYAML
lines, the baseline) against the ruamel.yaml round trip that changes only the changed
field in the file's own text (`pagefile.write(..., source=text)`, which also reads the
result back through the hostile-YAML reader). Also counts, as a check on faithfulness,
the pages whose text comes back byte for byte when nothing changed, and the pages where
the round trip gave up and the plain layout was used.

    .venv/bin/python scripts/bench_frontmatter.py --rounds 5
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from ipt_site.editor import pagefile

    pages = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8")
        try:
            values, body = pagefile.read(text)
        except pagefile.Unreadable:
            continue
        pages.append((text, values, body))

    def changed(values):
        return {**values, "summary": "A changed summary for the benchmark."}

    def plain():
        for _text, values, body in pages:
            pagefile.write(changed(values), body, order=list(values))

    def kept():
        for text, values, body in pages:
            pagefile.write(changed(values), body, order=list(values), source=text)

    def median_ms(function):
        samples = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            function()
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    identical = sum(
        pagefile.write(values, body, order=list(values), source=text) == text
        for text, values, body in pages
    )
    fell_back = sum(
        pagefile.write(changed(values), body, order=list(values), source=text)
        == pagefile.write(changed(values), body, order=list(values))
        and "#" in text.split("---")[1]
        for text, values, body in pages
    )
    with_comments = sum("#" in text.split("---")[1] for text, _values, _body in pages)
    base, rt = median_ms(plain), median_ms(kept)
    n = len(pages)
    print(f"pages: {n} (with comments in the front matter: {with_comments})")
    print(f"written afresh (baseline): {base:.1f} ms for all, {base / n:.2f} ms a page")
    print(f"round trip keeping comments: {rt:.1f} ms for all, {rt / n:.2f} ms a page")
    print(f"ratio: {rt / base:.1f}x the baseline")
    print(f"unchanged pages written back byte for byte: {identical} of {n}")
    print(f"pages with comments where the round trip gave up: {fell_back}")


if __name__ == "__main__":
    main()
