"""Start the site under gunicorn with production settings, for benchmarks and audits.

DEBUG is off and static files are collected (hashed, compressed) as in production; only
the HTTPS-only settings are relaxed, because the server listens on plain http on
127.0.0.1. Everything lives in a temporary folder and is gone afterwards.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port(low: int = 0, high: int = 0) -> int:
    """A free loopback port: any (the kernel's choice), or the first free one in low..high
    (a range set aside for this run, e.g. IPT_BENCH_PORTS=8200-8299)."""
    for port in range(low, high + 1) if low else [0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise SystemExit(f"no free port in {low}-{high}")


def port_range() -> tuple[int, int]:
    """IPT_BENCH_PORTS=8200-8299 keeps this run's servers in that range; unset, any port."""
    low, _, high = os.environ.get("IPT_BENCH_PORTS", "").partition("-")
    return (int(low), int(high)) if low and high else (0, 0)


def wait_for(check, seconds: float, what: str):
    """`check()`'s first true answer within `seconds`, asked every 0.3 s; an
    AssertionError naming `what` if none comes (for tests of real servers)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for {what}")


def server_env(workdir: Path, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ipt_site.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnop",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'site.sqlite3'}")
    env.update(extra or {})
    return env


# What a release holds that the site reads at run time (a copy of it is a second server).
RELEASE = ("ipt_site", "templates", "static", "content", "manage.py", "gunicorn.conf.py")


def install(source: Path, folder: Path) -> Path:
    """A copy of the release in `source` at `folder`, as a second server (or the other
    half of a blue/green deploy) has it."""
    folder.mkdir(parents=True)
    for name in RELEASE:
        path = Path(source) / name
        if path.is_dir():
            shutil.copytree(path, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy2(path, folder / name)
    return folder


def manage(env: dict, *args: str, root: Path = ROOT) -> str:
    """Run a management command for the site in `env` (from the release in `root`); its
    output, or exit on failure."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout


def prepare(env: dict, *, demo: bool = True, content: bool = True) -> None:
    manage(env, "migrate", "--noinput")
    if content:
        manage(env, "sync_content")
    manage(env, "collectstatic", "--noinput")
    if demo:
        manage(env, "load_demo_therapists", "--if-empty")


class Gunicorn:
    """gunicorn on a free loopback port; use as a context manager."""

    def __init__(
        self,
        env: dict,
        workers: int = 2,
        host: str = "127.0.0.1",
        threads: int = 1,
        log: Path | None = None,
        args: list[str] | tuple = (),
        root: Path = ROOT,
    ):
        self.env = env
        self.root = Path(root)  # the release to run (a copy installed elsewhere)
        self.args = list(args or [])  # more gunicorn options, e.g. an access log
        self.workers = workers
        self.threads = threads
        self.port = free_port(*port_range())
        self.base = f"http://{host}:{self.port}"
        self.log = open(log, "w") if log else None  # noqa: SIM115  closed in __exit__
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "ipt_site.wsgi",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers),
                "--threads", str(self.threads),
                "--timeout", "60",
                "--log-level", "warning",
                # Other gunicorns on this machine (tests, benchmarks) may hold the default.
                "--no-control-socket",
                *self.args,
            ],
            cwd=self.root,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT if self.log else None,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.base + "/health/", timeout=5)
                return self
            except urllib.error.HTTPError:
                return self  # it answers (a 503 from a server whose database is down)
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("gunicorn did not start (see its log)")

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()


class TaskWorker:
    """`manage.py db_worker` (the task queue's worker) for the site in `env`; a context
    manager. Stopped the way a deploy should stop it: SIGTERM, which lets a running task
    finish first."""

    def __init__(self, env: dict, log: Path | None = None, interval: float = 0.2):
        self.env = env
        self.interval = interval
        self.log = open(log, "w") if log else None  # noqa: SIM115  closed in __exit__
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [
                PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
                "--interval", str(self.interval),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT if self.log else None,
        )  # fmt: skip
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()
