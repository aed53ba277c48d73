"""Reading a response body within its caps: size on the wire and after decompression, wall time;
and the header values fetching needs (Content-Type, Retry-After)."""

from __future__ import annotations

import email.utils
import time
import zlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime


class Stop(Exception):
    """Ends a fetch with a reject reason; never retried."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower() or None, charset or None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _Decoder:
    """Content-Encoding gzip/deflate, decompressed in bounded steps."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._new(zlib.MAX_WBITS | 32)  # auto-detects a gzip or zlib header
        self._first = True

    def _new(self, wbits: int) -> None:
        self.wbits, self.d = wbits, zlib.decompressobj(wbits)

    def feed(self, data: bytes, room: int) -> tuple[bytes, bytes]:
        """Decompress at most `room` bytes; returns (output, input left over)."""
        try:
            out = self.d.decompress(data, room)
        except zlib.error:
            if self._first and self.encoding == "deflate":  # raw deflate without a zlib header
                self._first = False
                self._new(-zlib.MAX_WBITS)
                return self.feed(data, room)
            raise
        self._first = False
        rest = self.d.unconsumed_tail
        if self.d.eof and self.d.unused_data:  # another gzip member follows
            rest = self.d.unused_data
            self._new(self.wbits)
        return out, rest


def read_body(chunks: Iterable[bytes], encoding: str | None, max_bytes: int, deadline: float,
              clock: Callable[[], float] = time.monotonic) -> tuple[bytes, int]:
    """Body bytes (decoded) and the bytes on the wire; stops at the cap and at the deadline."""
    enc = (encoding or "identity").strip().lower()
    if enc in ("", "identity", "none"):
        decoder = None
    elif enc in ("gzip", "x-gzip", "deflate"):
        decoder = _Decoder(enc)
    else:
        raise Stop("bad_encoding", f"unsupported Content-Encoding {enc!r}")
    out = bytearray()
    wire = 0
    for chunk in chunks:
        wire += len(chunk)
        if wire > max_bytes:
            raise Stop("too_large", f"body exceeds the cap of {max_bytes} bytes")
        if decoder is None:
            out += chunk
        else:
            rest = chunk
            while rest:
                try:
                    piece, rest = decoder.feed(rest, max_bytes + 1 - len(out))
                except zlib.error as exc:
                    raise Stop("bad_encoding", f"cannot decompress {enc} body: {exc}") from exc
                out += piece
                if len(out) > max_bytes:
                    raise Stop("too_large_decompressed",
                                f"{enc} body expands past the cap of {max_bytes} bytes (compression bomb?)")
                if not piece and rest and decoder.d.eof:
                    break
        if clock() > deadline:
            raise Stop("timeout", "total time per page exceeded")
    return bytes(out), wire


