"""Compressed copies of a page, made once when it is stored, chosen by Accept-Encoding.

Only pages without secrets are compressed (the middleware checks: no CSRF token, no
cookie, no session), which keeps the BREACH attack (guessing a secret from compressed
sizes) away from the pages that hold one.
"""

import gzip

try:
    import brotli
except ImportError:  # whitenoise[brotli] installs it; without it pages are gzip only
    brotli = None

MIN_SIZE = 200  # smaller bodies gain nothing worth a header
# Once per page version. Brotli 10 is within 4 % of 11's size at less than half its time
# (a 17 KB page: 4.8 KB in about 5 ms), which matters when many pages change at once.
STORED = {"br": 10, "gzip": 9}
ON_THE_FLY = {"br": 5, "gzip": 6}  # per request: fast


def compress(body: bytes, encoding: str, *, stored: bool) -> bytes:
    level = (STORED if stored else ON_THE_FLY)[encoding]
    if encoding == "br":
        return brotli.compress(body, quality=level)
    return gzip.compress(body, compresslevel=level, mtime=0)


def available() -> tuple[str, ...]:
    return ("br", "gzip") if brotli is not None else ("gzip",)


def accepted(header: str) -> list[str]:
    """Encodings the client accepts (q > 0), best first by our preference (br, gzip)."""
    accepted_codings = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name:
            accepted_codings[name] = quality
    wildcard = accepted_codings.get("*", 0.0)
    return [coding for coding in available() if accepted_codings.get(coding, wildcard) > 0]


def variants(body: bytes) -> dict[str, bytes]:
    """Every encoding of a body to store; empty when it is too small to bother."""
    if len(body) < MIN_SIZE:
        return {}
    return {encoding: compress(body, encoding, stored=True) for encoding in available()}
