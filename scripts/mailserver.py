"""A tiny SMTP server for benchmarks and tests: a healthy sink, or one that never answers.

Standard library only (asyncio). Loopback only. Two behaviours:

- ``sink``: speaks just enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to
  accept every message, and keeps each one (``server.messages``, ``email.message`` objects;
  with ``--maildir`` also as numbered ``.eml`` files).
- ``silent``: accepts the connection and never says a word, not even the greeting. A
  client waits until its own timeout (Django's EMAIL_TIMEOUT): the fault that froze the
  site when every email was sent inside the request.

In a test or benchmark::

    with MailServer(port, "silent") as server: ...
    with MailServer(port, "sink") as server: ...; server.messages

By hand (Ctrl+C stops it)::

    .venv/bin/python scripts/mailserver.py --port 8225 --mode sink --maildir /tmp/mail
"""

import argparse
import asyncio
import email
import email.policy
import threading
from pathlib import Path


class MailServer:
    """An SMTP server on 127.0.0.1:`port` in a background thread; a context manager."""

    def __init__(self, port: int, mode: str = "sink", maildir: Path | None = None):
        if mode not in ("sink", "silent"):
            raise ValueError("mode is 'sink' or 'silent'")
        self.port = port
        self.mode = mode
        self.maildir = Path(maildir) if maildir else None
        self.messages: list[email.message.EmailMessage] = []
        self.connections = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._server: asyncio.base_events.Server | None = None
        self._clients: set[asyncio.StreamWriter] = set()
        self._error: BaseException | None = None

    # --- starting and stopping -------------------------------------------------------

    def start(self) -> "MailServer":
        self._thread = threading.Thread(target=self._run, name=f"smtp-{self.mode}", daemon=True)
        self._thread.start()
        self._started.wait(10)
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._client, "127.0.0.1", self.port, reuse_address=True)
            )
        except OSError as exc:
            self._error = exc
            self._started.set()
            return
        self._started.set()
        try:
            self._loop.run_forever()
        finally:
            # Close the listening socket and every open client, so the port is free again
            # at once for the next server (a silent one may hold connections open).
            self._server.close()
            for writer in list(self._clients):
                writer.close()
            self._loop.run_until_complete(asyncio.sleep(0))
            self._loop.close()

    # --- one client ------------------------------------------------------------------

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.connections += 1
        self._clients.add(writer)
        try:
            if self.mode == "silent":
                await reader.read()  # until the client gives up and closes
                return
            await self._conversation(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._clients.discard(writer)
            writer.close()

    async def _conversation(self, reader, writer) -> None:
        async def say(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        await say("220 localhost test sink ready")
        while True:
            line = await reader.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                await say("250 localhost")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                await say("250 OK")
            elif verb == "DATA":
                await say("354 End data with <CR><LF>.<CR><LF>")
                data = await reader.readuntil(b"\r\n.\r\n")
                self._keep(data[: -len(b"\r\n.\r\n")])
                await say("250 OK: queued")
            elif verb == "QUIT":
                await say("221 Bye")
                return
            else:
                await say("502 Command not implemented")

    def _keep(self, data: bytes) -> None:
        # Undo SMTP's dot-stuffing, then parse.
        raw = b"\r\n".join(
            line[1:] if line.startswith(b"..") else line for line in data.split(b"\r\n")
        )
        message = email.message_from_bytes(raw, policy=email.policy.default)
        self.messages.append(message)
        if self.maildir is not None:
            self.maildir.mkdir(parents=True, exist_ok=True)
            (self.maildir / f"{len(self.messages):05d}.eml").write_bytes(raw)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=("sink", "silent"), default="sink")
    parser.add_argument("--maildir", type=Path, help="also write each message here (sink)")
    args = parser.parse_args()
    server = MailServer(args.port, args.mode, args.maildir).start()
    print(f"SMTP {args.mode} on 127.0.0.1:{args.port}; Ctrl+C stops it.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print(f"{server.connections} connections, {len(server.messages)} messages.")


if __name__ == "__main__":
    main()
