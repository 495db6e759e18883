"""One verb per stage, and the earlier names of the documented API still answer."""

from __future__ import annotations

import io
import zipfile

import briefing
from briefing.renderers import RenderOptions, get_renderer


def test_earlier_names_are_the_new_functions() -> None:
    assert briefing.build_brief is briefing.assemble_brief
    assert briefing.build_stories is briefing.group_stories
    assert briefing.render_brief is briefing.render_all
    assert briefing.send is briefing.email_brief
    for name in briefing.__all__:
        assert getattr(briefing, name) is not None


def test_email_and_raw_smtp_have_names_that_say_which() -> None:
    from briefing import deliver

    assert deliver.email_brief is briefing.email_brief
    assert deliver.send_smtp.__module__ == "briefing.deliver.smtp"
    assert not hasattr(deliver, "send")  # the ambiguous name is gone from the stage


def _bookmark_ids(data: bytes) -> list[str]:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return [part.split('"')[0] for part in xml.split('w:bookmarkStart w:id="')[1:]]


def test_bookmark_ids_start_again_in_each_document(small_brief) -> None:
    """Ids used to come from one counter per process: the second render of the same brief
    differed from the first. Now each document numbers its own bookmarks from 1."""
    renderer = get_renderer("docx", RenderOptions())
    first = _bookmark_ids(renderer.render(small_brief()))
    second = _bookmark_ids(get_renderer("docx", RenderOptions()).render(small_brief()))
    again = _bookmark_ids(renderer.render(small_brief()))
    assert first and first[0] == "1"
    assert first == second == again
    assert len(set(first)) == len(first)
