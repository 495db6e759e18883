"""Fetch URL inputs: bounded in time and size, polite, retried only when a retry can help.

The response becomes an ``InputData`` carrying its content type, so the reader registry
picks the reader exactly as it does for a file.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

from briefing._version import VERSION
from briefing.errors import IngestError
from briefing.ingest.readers import READERS, InputData
from briefing.ingest.readers.base import media_type_of, over_size_cap
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


def read_url_list(path: Path) -> list[str]:
    """The URLs listed in ``path``: one per line; blank lines and ``#`` comments ignored."""
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
            raise IngestError(
                f"{path}:{number}: {entry!r} is not an http:// or https:// URL; "
                "list one URL per line"
            )
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


def _fetch_once(url: str, options: FetchOptions) -> InputData:
    deadline = time.monotonic() + options.timeout
    request = urllib.request.Request(url, headers={"User-Agent": options.user_agent})
    with urllib.request.urlopen(request, timeout=options.timeout) as response:
        content_type = response.headers.get("Content-Type", "")
        media_type = media_type_of(content_type)
        if not _accepts(media_type):
            raise IngestError(
                f"{url}: served as {media_type}, which is not a text format briefing reads"
            )
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > options.max_bytes:
            raise over_size_cap(url, options.max_bytes, int(declared))
        chunks: list[bytes] = []
        size = 0
        # read1 returns what has arrived, so a server dripping bytes meets the deadline
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > options.max_bytes:
                raise over_size_cap(url, options.max_bytes)
            if time.monotonic() > deadline:
                raise TimeoutError
            chunks.append(chunk)
        final_url = response.geturl() or url
    return InputData(
        name=final_url, data=b"".join(chunks), url=final_url, content_type=content_type or None
    )


def _timed_out(url: str, options: FetchOptions) -> IngestError:
    return IngestError(
        f"{url}: no complete answer within {options.timeout:g} s (raise it with --timeout)"
    )
