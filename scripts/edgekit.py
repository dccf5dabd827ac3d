"""Run deploy/nginx.conf, the repository's nginx configuration, on loopback ports: the
addresses, ports and folders it names are replaced, nothing else. For the real-server test
(tests/web/test_edge_nginx.py) and the edge benchmark (scripts/bench_edge.py).
"""

import getpass
import shutil
import socket
import subprocess
import time
from pathlib import Path

import serverkit

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise SystemExit(f"deploy/nginx.conf no longer holds {old!r}: update scripts/edgekit.py")
    return text.replace(old, new)


def render(workdir: Path, *, app_ports, static_root: Path, tls: bool = True) -> dict:
    """Write deploy/nginx.conf into `workdir` for loopback use; returns the ports and paths."""
    low, high = serverkit.port_range()
    ports, taken = {}, set(app_ports)
    for name in ("http", "https", "purge"):
        # Not bound until nginx starts: never one picked already (the app's included).
        port = serverkit.free_port(low, high)
        while port in taken:
            port = serverkit.free_port(port + 1 if low else 0, high)
        ports[name] = port
        taken.add(port)
    logs, cache = workdir / "logs", workdir / "cache"
    logs.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    text = CONFIG.read_text()
    text = _replace(text, "user www-data;", f"user {getpass.getuser()};")
    text = _replace(text, "pid /run/nginx.pid;", f"pid {workdir / 'nginx.pid'};")
    text = _replace(text, "/var/log/nginx/", f"{logs}/")
    text = _replace(text, "/var/cache/nginx/ipt", str(cache))
    first, *others = app_ports
    text = _replace(text, "server 10.0.0.11:8000", f"server 127.0.0.1:{first}")
    second = "        server 10.0.0.12:8000 max_fails=3 fail_timeout=10s;\n"
    more = "".join(
        f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in others
    )
    text = _replace(text, second, more)
    text = _replace(text, "listen 80;", f"listen 127.0.0.1:{ports['http']};")
    if tls:
        cert, key = workdir / "cert.pem", workdir / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        text = _replace(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']} ssl;")
        text = _replace(text, "/etc/ssl/ipt/fullchain.pem", str(cert))
        text = _replace(text, "/etc/ssl/ipt/privkey.pem", str(key))
    else:  # the benchmark: the cache's cost, without TLS's (the same for both sides)
        text = _replace(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{ports['https']};")
        for line in ("ssl_certificate ", "ssl_certificate_key ", "ssl_protocols "):
            start = text.index(f"        {line}")
            text = text[:start] + text[text.index("\n", start) + 1 :]
    text = _replace(text, "alias /srv/ipt/static/;", f"alias {static_root}/;")
    text = _replace(text, "listen 10.0.0.10:8081;", f"listen 127.0.0.1:{ports['purge']};")
    text = _replace(text, "allow 10.0.0.11;", "allow 127.0.0.1;")
    text = _replace(text, "            allow 10.0.0.12;\n", "")
    path = workdir / "nginx.conf"
    path.write_text(text)
    scheme = "https" if tls else "http"
    return {
        "config": path,
        "cache": cache,
        "logs": logs,
        "base": f"{scheme}://127.0.0.1:{ports['https']}",
        "purge": f"http://127.0.0.1:{ports['purge']}/__purge",
        "ports": ports,
    }


def nginx_version() -> str:
    result = subprocess.run([NGINX, "-v"], capture_output=True, text=True)
    return result.stderr.strip().rsplit("/", 1)[-1]


def cached_files(cache: Path) -> dict[str, Path]:
    """The edge cache's files in the folder `cache`, by key (each file's KEY line)."""
    found = {}
    for path in cache.rglob("*"):
        if path.is_file():
            head = path.read_bytes()[:4096]
            start = head.find(b"\nKEY: ")
            if start >= 0:
                end = head.index(b"\n", start + 1)
                found[head[start + 6 : end].decode()] = path
    return found


class Nginx:
    """nginx in the foreground with a rendered config; a context manager."""

    def __init__(self, site: dict):
        self.site = site
        self.proc = None

    def __enter__(self):
        config = self.site["config"]
        test = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)
        if test.returncode:
            raise SystemExit(f"nginx -t refused {config}:\n{test.stderr}")
        self.proc = subprocess.Popen(
            [NGINX, "-c", str(config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.site["ports"]["https"]), 1).close()
                time.sleep(0.2)
                if self.proc.poll() is None:  # bound every port, and stayed up
                    return self
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.__exit__()
        raise SystemExit(f"nginx did not start (see {self.site['logs']}/error.log)")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: a fast stop
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def cached_keys(self) -> set[str]:
        """The keys of every response the edge cache holds."""
        return set(cached_files(self.site["cache"]))
