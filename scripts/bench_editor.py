"""Benchmark: what the content editor costs, against plain baselines in the same run.

On a temporary copy of content/ and a temporary SQLite database:
- checking one page's text (`check_text`) against only parsing and rendering it;
- a sync with nothing to do (`sync_content` at deploy, or a watcher's tick) against
  reading and hashing every file;
- a save in the editor (checks, lock, history, atomic write, sync of the file), in database
  mode and in git mode, against a bare atomic file write;
- hostile front matter refused (issue 21): a YAML alias bomb of under 500 bytes (8 levels
  of 9 aliases under `template:`, 43 million strings if expanded) and a 5,000-digit
  number, checked as the editor checks a save, against checking the real page.

    make bench-editor            # or: .venv/bin/python scripts/bench_editor.py --rounds 20
"""

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, rounds: int) -> float:
    """Median milliseconds of `rounds` calls."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="ipt_site.settings",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnop",  # noqa: S106
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        IPT_CONTENT_DIR=str(content),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_MEDIA_ROOT=str(work / "media"),
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test.utils import override_settings
    from dulwich.repo import Repo

    from ipt_site.editor import services
    from ipt_site.pages import files, meta, selectors
    from ipt_site.pages.checks import check_text
    from ipt_site.pages.render import render_markdown
    from ipt_site.pages.sync import read_file, sync

    call_command("migrate", verbosity=0)
    sync()
    user = get_user_model().objects.create_user("bench", "bench@example.org", "x")
    relpath = "problem-areas/grief.md"
    text = selectors.text_of(relpath)
    pages = len(list(files.walk()))

    def parse_and_render():
        _meta, body = meta.parse(text)
        render_markdown(body)

    rows = []
    base = timed(parse_and_render, args.rounds)
    rows.append(
        (
            "check one page's text",
            timed(lambda: check_text(relpath, text), args.rounds),
            "parse + render it",
            base,
        )
    )

    bomb_lines = ['template: &a0 ["x","x","x","x","x","x","x","x","x"]']
    bomb_lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb_front = "\n".join(bomb_lines) + "\nextra: *a8\n"
    bomb = "---\ntitle: Bomb\nsummary: A bomb.\n" + bomb_front + "---\n\nBody.\n"
    refused = check_text(relpath, bomb)
    assert refused[0].code == "E001" and "anchor" in refused[0].message, refused
    rows.append(
        (
            f"refuse a {len(bomb_front.encode())}-byte alias bomb (check_text)",
            timed(lambda: check_text(relpath, bomb), args.rounds),
            "check the real page",
            timed(lambda: check_text(relpath, text), args.rounds),
        )
    )
    huge = re.sub(r"(?m)^order: .*$", "order: " + "9" * 5000, text, count=1)
    assert any("too long to read" in p.message for p in check_text(relpath, huge))
    rows.append(
        (
            "report a 5,000-digit order (check_text)",
            timed(lambda: check_text(relpath, huge), args.rounds),
            "check the real page",
            rows[-1][3],
        )
    )

    def read_and_hash():
        for path in files.walk(content):
            files.digest(read_file(content, path))

    base = timed(read_and_hash, args.rounds)
    rows.append(
        (
            f"sync_content, nothing changed ({pages} pages)",
            timed(sync, args.rounds),
            "read and hash every file",
            base,
        )
    )

    counter = iter(range(10**6))

    def save(history_mode):
        with override_settings(EDITOR_HISTORY=history_mode):
            current = selectors.text_of(relpath)
            new = current.replace("## What it is", f"## What it is\n\n<!-- {next(counter)} -->", 1)
            services.save_page(relpath, new, base=files.digest(current), user=user)

    def bare_write():
        files.write_path(content / "bench.txt", text + str(next(counter)))

    base = timed(bare_write, args.rounds)
    rows.append(
        (
            "save in the editor, history in the database",
            timed(lambda: save("database"), args.rounds),
            "atomic file write",
            base,
        )
    )
    repo = Repo.init(str(content))
    worktree = repo.get_worktree()
    worktree.stage([p.relative_to(content).as_posix() for p in content.rglob("*.md")])
    worktree.commit(message=b"start", author=b"B <b@example.org>", committer=b"B <b@example.org>")
    rows.append(
        (
            "save in the editor, history in git",
            timed(lambda: save("auto"), args.rounds),
            "atomic file write",
            base,
        )
    )

    print(f"Median of {args.rounds} rounds each, real content ({pages} pages), SQLite:\n")
    print(f"| {'what':48} | {'ms':>7} | {'baseline':22} | {'ms':>6} | {'ratio':>6} |")
    print(f"|{'-' * 50}|{'-' * 9}|{'-' * 24}|{'-' * 8}|{'-' * 8}|")
    for what, ms, baseline, base_ms in rows:
        print(f"| {what:48} | {ms:7.2f} | {baseline:22} | {base_ms:6.2f} | {ms / base_ms:5.2f}x |")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
