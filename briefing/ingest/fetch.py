"""Fetch URL inputs: bounded in time and size, polite, retried only when a retry can help.

The response becomes an ``InputData`` carrying its content type, so the reader registry
picks the reader exactly as it does for a file.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import Any

from briefing._version import VERSION
from briefing.errors import IngestError
from briefing.ingest.readers import READERS, InputData
from briefing.ingest.readers.base import media_type_of, over_size_cap
from briefing.models import Skip
from briefing.settings import DEFAULTS

USER_AGENT = f"briefing/{VERSION} (+policy brief builder)"
URL_SCHEMES = ("http://", "https://")
_CHUNK = 64 * 1024
# Servers often label any download this way; the bytes then decide (sniffing).
_GENERIC_MEDIA_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = DEFAULTS.timeout  # seconds for the whole download, not per socket read
    max_bytes: int = DEFAULTS.max_bytes
    retries: int = 2  # extra attempts after a 5xx answer
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    user_agent: str = USER_AGENT


def is_url(text: str) -> bool:
    return text.lower().startswith(URL_SCHEMES)


def read_url_list(path: Path, skipped: list[Skip] | None = None) -> list[str]:
    """The URLs listed in ``path``: one per line; blank lines and ``#`` comments ignored.

    A line that is not an http(s) URL raises IngestError, or with ``skipped`` given is
    added there and the other lines are still used.
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path}: cannot read the URL list ({exc})") from exc
    urls = []
    for number, line in enumerate(lines, 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not is_url(entry):
            reason = f"{entry!r} is not an http:// or https:// URL; list one URL per line"
            if skipped is None:
                raise IngestError(f"{path}:{number}: {reason}")
            skipped.append(Skip(f"{path}:{number}", reason))
            continue
        urls.append(entry)
    return urls


def readable_media_types() -> frozenset[str]:
    """Media types some registered reader claims."""
    return frozenset(t for cls in READERS.values() for t in cls.media_types)


def _accepts(media_type: str) -> bool:
    return (
        media_type in _GENERIC_MEDIA_TYPES
        or media_type.startswith("text/")
        or media_type in readable_media_types()
        or media_type.endswith(("+xml", "+json"))
    )


def fetch_url(
    url: str,
    options: FetchOptions | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> InputData:
    """The body of ``url`` as an input; IngestError says why when there is none."""
    options = options or FetchOptions()
    attempt = 0
    while True:
        try:
            return _fetch_once(url, options)
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 and attempt < options.retries:
                sleep(options.backoff * 2**attempt)
                attempt += 1
                continue
            tries = f" after {attempt + 1} attempts" if attempt else ""
            raise IngestError(
                f"{url}: the server answered HTTP {exc.code} {exc.reason}{tries}"
            ) from None
        except TimeoutError:
            raise _timed_out(url, options) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _timed_out(url, options) from None
            raise IngestError(f"{url}: cannot connect ({exc.reason})") from None
        except (HTTPException, OSError, ValueError) as exc:
            raise IngestError(f"{url}: download failed ({exc})") from None


class _Watchdog:
    """Ends every connection of one download when its deadline passes.

    Socket timeouts bound each read, not the whole: a server sending its headers a byte a
    second never trips them. Shutting the sockets down ends any read in progress.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only (urllib would also follow one to ftp://)."""

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise IngestError(
                f"{req.full_url}: redirected to {newurl!r}, which is not http(s); not followed"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(watchdog: _Watchdog) -> urllib.request.OpenerDirector:
    """An opener whose every connection (redirects included) the watchdog can end."""

    class Http(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    class Https(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    class HttpHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(Http, req)

    class HttpsHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> Any:
            return self.do_open(Https, req)

    return urllib.request.build_opener(HttpHandler, HttpsHandler, _RedirectHandler)


def _fetch_once(url: str, options: FetchOptions) -> InputData:
    with _Watchdog(options.timeout) as watchdog:
        try:
            return _download(url, options, watchdog)
        except (HTTPException, OSError, ValueError):
            if watchdog.expired:
                raise TimeoutError from None
            raise


def _download(url: str, options: FetchOptions, watchdog: _Watchdog) -> InputData:
    request = urllib.request.Request(url, headers={"User-Agent": options.user_agent})
    with _opener(watchdog).open(request, timeout=options.timeout) as response:
        content_type = response.headers.get("Content-Type", "")
        media_type = media_type_of(content_type)
        if not _accepts(media_type):
            raise IngestError(
                f"{url}: served as {media_type}, which is not a text format briefing reads"
            )
        declared = response.headers.get("Content-Length")
        declared = int(declared) if declared and declared.strip().isdigit() else None
        if declared is not None and declared > options.max_bytes:
            raise over_size_cap(url, options.max_bytes, declared)
        # Read to the end of the connection (urllib asks for "Connection: close"), not to the
        # declared length, so a body longer or shorter than announced is noticed below.
        response.length = None
        chunks: list[bytes] = []
        size = 0
        # read1 returns what has arrived, so a server dripping bytes meets the deadline
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > options.max_bytes:
                raise over_size_cap(url, options.max_bytes)
            chunks.append(chunk)
        final_url = response.geturl() or url
    if watchdog.expired:  # the watchdog ended the connection: what came is not the whole
        raise TimeoutError
    if declared is not None and declared != size:
        raise IngestError(
            f"{url}: the server announced {declared:,} bytes but sent {size:,}; "
            "the download is incomplete or damaged, not read"
        )
    return InputData(
        name=final_url, data=b"".join(chunks), url=final_url, content_type=content_type or None
    )


def _timed_out(url: str, options: FetchOptions) -> IngestError:
    return IngestError(
        f"{url}: no complete answer within {options.timeout:g} s (raise it with --timeout)"
    )
