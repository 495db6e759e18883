"""One large text read in parts by forked processes gives the articles of one pass.

Issue 15: a 3.4 MB text of 1,600 articles is read by one process unless its headlines
are weighed in parts (``plaintext._drafts_in_parts``) and its articles' languages and
shingles taken in parts (``forking.map_in_parts``). Each part after the first starts at
a seam, assumed to start an article; the part before checks that it does. These tests
read real articles (the BBC dev set) both ways, with parts small enough to be many, and
also with a seam that is wrong and with a child that fails: the articles must not change.
"""

from __future__ import annotations

import json
import mailbox
import os
import textwrap
import threading
from email.message import EmailMessage
from pathlib import Path

import pytest

from briefing import forking
from briefing.ingest import load_articles, walk
from briefing.ingest.readers import mail, plaintext
from briefing.ingest.walk import IngestOptions

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="forking is what is tested",
)


@pytest.fixture(autouse=True)
def no_earlier_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads that ran before the test are not counted: in one pytest process, an earlier
    Dask test leaves distributed's offload thread running, and a thread makes the reader
    fork no child (rightly: it could hold a lock). Threads a test starts still count."""
    earlier = threading.active_count() - 1
    count = threading.active_count
    monkeypatch.setattr(forking.threading, "active_count", lambda: count() - earlier)


@pytest.fixture
def wrapped(bbc_dev: Path, tmp_path: Path) -> Path:
    """Sixty BBC articles, each a headline over paragraphs hard-wrapped at 72 columns, as
    bench_scale.py writes its 3.4 MB text; the 31st has a question on a line of its own
    in its text ("If they can fund football, why not fund music?")."""
    lines = bbc_dev.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in [*lines[:30], lines[320], *lines[30:59]]]
    parts = []
    for row in rows:
        paragraphs = [textwrap.fill(p, 72) for p in row["text"].split("\n\n")]
        parts.append("\n\n".join([row["title"], *paragraphs]) + "\n\n\n")
    path = tmp_path / "wire.txt"
    path.write_text("".join(parts), encoding="utf-8")
    return path


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few articles, so that sixty make several."""
    monkeypatch.setattr(plaintext, "UNITS_PER_PART", 40)
    monkeypatch.setattr(plaintext, "BLOCKS_PER_PART", 40)
    monkeypatch.setattr(walk, "LANGUAGE_PART", 10)
    monkeypatch.setattr(walk, "SHINGLES_PART", 10)
    monkeypatch.setattr(forking, "_cores", lambda: 3)


def _split(path: Path, jobs: int) -> list[plaintext.Part]:
    text = path.read_text(encoding="utf-8")
    return plaintext.split_articles(plaintext.textlib.clean(text), jobs=jobs)


def _articles(path: Path, jobs: int) -> list[tuple[object, ...]]:
    found = load_articles([str(path)], IngestOptions(jobs=jobs)).articles
    return [(a.title, a.text, a.language, a.truncated, a.also_in) for a in found]


def test_parts_give_the_articles_of_one_pass(
    wrapped: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked: list[str] = []
    start = forking.Forked.__init__

    def counted(self: forking.Forked[object], function: object, *args: object) -> None:
        forked.append(getattr(function, "__name__", ""))
        start(self, function, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(forking.Forked, "__init__", counted)
    one_pass = _articles(wrapped, jobs=1)
    assert not forked
    in_parts = _articles(wrapped, jobs=0)
    # the headlines in three parts, the languages and the shingles too
    assert forked.count("_segment") == 2
    assert forked.count("_part") == 6  # (the blocks, the languages, the shingles)
    assert len(one_pass) == 60
    assert in_parts == one_pass


def test_a_seam_that_starts_no_article_costs_time_not_articles(
    wrapped: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_pass = _split(wrapped, jobs=1)
    titles = {part.title for part in one_pass}
    text = plaintext.textlib.clean(wrapped.read_text(encoding="utf-8"))
    units = plaintext._units(text, False)
    # A line shaped like a headline under text that the one pass keeps inside its article
    # (a subheading, a quoted remark): taken as a seam, the part after it is wrong.
    inside = [
        k
        for k, unit in enumerate(units)
        if unit.kind == "headline" and units[k - 1].kind == "text" and unit.text not in titles
    ]
    assert inside, "the sample needs a headline-shaped line inside an article"
    monkeypatch.setattr(plaintext, "_seams", lambda units, layout, parts: [inside[0]])
    assert _split(wrapped, jobs=2) == one_pass


def test_a_failing_child_costs_time_not_articles(
    wrapped: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_pass = _split(wrapped, jobs=1)
    parent = os.getpid()
    segment = plaintext._segment

    def fails_in_a_child(*args: object, **kwargs: object) -> object:
        if os.getpid() != parent:
            raise MemoryError("the child ran out of memory")
        return segment(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plaintext, "_segment", fails_in_a_child)
    assert _split(wrapped, jobs=0) == one_pass


def test_no_fork_for_one_job_beside_a_thread_on_macos_or_in_a_daemon(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forking, "_cores", lambda: 4)
    assert forking.spare_processes(0, parts=10) == 3
    assert forking.spare_processes(2, parts=10) == 1
    assert forking.spare_processes(0, parts=2) == 1
    assert forking.spare_processes(1, parts=10) == 0
    assert forking.spare_processes(0, parts=1) == 0
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # (a progress bar's refresh thread may hold a lock a forked child would wait on)
        assert forking.spare_processes(0, parts=10) == 0
    finally:
        stop.set()
        thread.join()
    with monkeypatch.context() as macos:
        macos.setattr(forking.sys, "platform", "darwin")
        assert forking.spare_processes(0, parts=10) == 0
    monkeypatch.setattr(forking.multiprocessing.current_process(), "_config", {"daemon": True})
    assert forking.spare_processes(0, parts=10) == 0


def test_map_in_parts_keeps_order_and_survives_its_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forking, "_cores", lambda: 3)
    items = list(range(1000))
    assert forking.map_in_parts(_squared, items, jobs=0, part=100) == [i * i for i in items]
    parent = os.getpid()
    monkeypatch.setattr(forking, "_part", _failing_in_children(parent, forking._part))
    assert forking.map_in_parts(_squared, items, jobs=0, part=100) == [i * i for i in items]


def _squared(number: int) -> int:
    return number * number


def _failing_in_children(parent: int, apply: object) -> object:
    def run(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(3)  # killed: no result comes back
        return apply(*args)  # type: ignore[operator]

    return run


def test_a_mailbox_read_in_parts_gives_its_messages_in_order(
    bbc_dev: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [json.loads(line) for line in bbc_dev.read_text(encoding="utf-8").splitlines()[:40]]
    box = mailbox.mbox(tmp_path / "alerts.mbox", create=True)
    for number, row in enumerate(rows):
        message = EmailMessage()
        message["From"] = f"News Desk <desk{number}@news.example.org>"
        message["Subject"] = row["title"]
        message["Date"] = f"Mon, {number % 28 + 1:02d} Nov 2026 09:00:00 +0000"
        message.set_content(row["text"])
        box.add(message)
    box.close()
    monkeypatch.setattr(mail, "MESSAGES_PER_PART", 5)
    monkeypatch.setattr(forking, "_cores", lambda: 3)
    forked = 0
    start = forking.Forked.__init__

    def counted(self: forking.Forked[object], *args: object) -> None:
        nonlocal forked
        forked += 1
        start(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(forking.Forked, "__init__", counted)
    one_pass = _articles(tmp_path / "alerts.mbox", jobs=1)
    assert forked == 0
    in_parts = _articles(tmp_path / "alerts.mbox", jobs=0)
    assert forked >= 2  # the messages in three parts
    assert [title for title, *_ in one_pass] == [row["title"] for row in rows]
    assert in_parts == one_pass


def test_a_pdfs_pages_read_in_parts_give_its_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pypdf takes most of reading a PDF, page by page: a long PDF's pages are taken in
    forked children; a child that fails costs time, not text."""
    from briefing.ingest.readers import pdf
    from tests.inputs_factory import write_pdf

    expected = write_pdf(tmp_path / "patrols.pdf")
    monkeypatch.setattr(pdf, "PAGES_PER_PART", 1)  # (two pages: one child)
    monkeypatch.setattr(forking, "_cores", lambda: 3)
    forked = 0
    start = forking.Forked.__init__

    def counted(self: forking.Forked[object], *args: object, **kwargs: object) -> None:
        nonlocal forked
        forked += 1
        start(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forking.Forked, "__init__", counted)
    one_pass = _articles(tmp_path / "patrols.pdf", jobs=1)
    assert forked == 0
    in_parts = _articles(tmp_path / "patrols.pdf", jobs=0)
    assert forked == 1
    assert in_parts == one_pass
    ((title, text, *_),) = one_pass
    assert title == expected.title and all(phrase in text for phrase in expected.phrases)
    monkeypatch.setattr(forking, "_part", _failing_in_children(os.getpid(), forking._part))
    assert _articles(tmp_path / "patrols.pdf", jobs=0) == one_pass
