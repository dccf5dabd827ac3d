"""A local HTTP server standing in for a CDN's purge API or nginx's purge location: it
records each request (method, path, headers, body) and answers with `status`."""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import serverkit  # noqa: E402


class FakeEdge:
    def __init__(self):
        self.requests = []
        self.status = 200
        edge = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                edge.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                    }  # fmt: skip
                )
                status = edge.status
                if callable(status):
                    status = status(self.command, self.path)
                payload = json.dumps({"success": status < 400}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_POST = do_PURGE = do_GET = _answer

            def log_message(self, *args):
                pass

        port = serverkit.free_port(*serverkit.port_range())
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.base = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def keys(self) -> list[list[str]]:
        """Fastly: the keys of each purge call, in order."""
        return [sorted(r["headers"]["Surrogate-Key"].split()) for r in self.requests]
