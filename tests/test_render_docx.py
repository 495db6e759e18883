"""The Word brief, read back as a user (and Word) sees it."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from briefing.errors import RenderError
from briefing.renderers import RenderOptions, get_renderer
from briefing.renderers.docx_styles import DOCX_MAIN, DOTX_MAIN

ROOT = Path(__file__).resolve().parent.parent
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CITATION = re.compile(r"\[(\d+)\]")


def render(brief, **options) -> docx.document.Document:
    data = get_renderer("docx", RenderOptions(**options)).render(brief)
    return docx.Document(io.BytesIO(data))


def paragraphs(document, style: str) -> list:
    return [p for p in document.paragraphs if p.style.name == style]


def texts(document, style: str) -> list[str]:
    return [p.text for p in paragraphs(document, style)]


def hyperlinks(paragraph) -> list[tuple[str, str | None, str | None]]:
    """(text, external target, internal anchor) of every w:hyperlink in ``paragraph``."""
    found = []
    for link in paragraph._p.iter(qn("w:hyperlink")):
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        rel_id = link.get(R_ID)
        target = None
        if rel_id:
            rel = paragraph.part.rels[rel_id]
            assert rel.is_external
            target = rel.target_ref
        found.append((text, target, link.get(qn("w:anchor"))))
    return found


def instructions(element) -> str:
    return " ".join(t.text or "" for t in element.iter(qn("w:instrText")))


def sources_by_number(document) -> dict[int, str]:
    entries = {}
    for text in texts(document, "Brief Source"):
        number = CITATION.match(text)
        assert number, text
        entries[int(number.group(1))] = text
    return entries


def told_in_full(brief) -> list:
    """The stories the brief tells with a heading: top stories outside "other"."""
    return [s for sec in brief.sections if sec.theme.id != "other" for s in sec.top_stories]


def test_headings_follow_the_brief_structure(data_brief):
    document = render(data_brief)
    assert texts(document, "Title") == [data_brief.title]
    themes = [section.theme.name for section in data_brief.sections]
    listed = ["More stories"] if any(s.listed_stories for s in data_brief.sections) else []
    assert texts(document, "Heading 1") == [
        "Key points",
        "At a glance",
        *themes,
        *listed,
        "Sources",
        "Method note",
    ]
    assert texts(document, "Heading 2") == [s.story.headline for s in told_in_full(data_brief)]
    scopes = texts(document, "Brief Scope")
    assert scopes == [s.theme.description for s in data_brief.sections if s.theme.description]


def test_contents_is_a_real_toc_field_only_with_several_themes(data_brief, small_brief):
    document = render(data_brief)
    body = instructions(document.element.body)
    assert re.search(r"\bTOC\b.*\\o", body)
    assert "Contents" in texts(document, "TOC Heading")
    entries = [t for t in texts(document, "TOC 1") if t]
    assert [e.strip() for e in entries][:3] == ["Key points", "At a glance", "Economic security"]
    one_theme = render(small_brief(themes=1))
    assert "TOC" not in instructions(one_theme.element.body)
    assert not texts(one_theme, "TOC Heading")


def test_every_header_and_footer_carries_title_marking_and_page_fields(data_brief):
    document = render(data_brief, marking="tlp:amber")
    for section in document.sections:
        header = "".join(p.text for p in section.header.paragraphs)
        footer = "".join(p.text for p in section.footer.paragraphs)
        assert data_brief.title in header
        assert "TLP:AMBER" in header and "TLP:AMBER" in footer
        fields = instructions(section.footer._element).split()
        assert "PAGE" in fields and "NUMPAGES" in fields
        assert re.search(r"Page \d+ of \d+", footer)
    cover = texts(document, "Brief Marking Line")
    assert len(cover) == 1 and cover[0].strip().startswith("TLP:AMBER")
    assert "need-to-know" in cover[0]


def test_free_text_marking_is_capitalised_and_no_classification_words(small_brief):
    document = render(small_brief(), marking="Internal use only")
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("INTERNAL USE ONLY")
    everything = "\n".join(p.text for p in document.paragraphs)
    for word in ("SECRET", "CONFIDENTIAL", "CLASSIFIED", "RESTRICTED"):
        assert word not in everything.upper()


def test_article_titles_and_sources_are_real_hyperlinks(data_brief):
    document = render(data_brief)
    headings = paragraphs(document, "Heading 2")
    for story, heading in zip(told_in_full(data_brief), headings, strict=True):
        links = hyperlinks(heading)
        if story.lead.article.url:
            assert links == [(story.story.headline, story.lead.article.url, None)]
        else:
            assert links == []
    source_paragraphs = paragraphs(document, "Brief Source")
    with_url = [i for i in data_brief.cited_items if i.article.url]
    assert with_url, "data/ has articles with URLs"
    for item, paragraph in zip(data_brief.cited_items, source_paragraphs, strict=True):
        targets = [target for _, target, _ in hyperlinks(paragraph) if target]
        assert targets == ([item.article.url] if item.article.url else [])


def test_citations_in_key_points_and_articles_match_the_sources_list(data_brief):
    document = render(data_brief)
    sources = sources_by_number(document)
    assert sorted(sources) == list(range(1, len(data_brief.cited_items) + 1))
    by_id = {item.article.id: item for item in data_brief.items}
    key_points = texts(document, "Brief Key Point")
    assert len(key_points) == len(data_brief.key_points) > 0
    for text, point in zip(key_points, data_brief.key_points, strict=True):
        cited = CITATION.findall(text)
        assert text.rstrip().endswith(f"[{cited[-1]}]")
        assert point.sentence in text
        assert by_id[point.article_id].article.title in sources[int(cited[-1])]
    metas = texts(document, "Brief Meta")
    for meta, story in zip(metas, told_in_full(data_brief), strict=True):
        for item in story.cited:
            number = item.citation
            assert f"[{number}]" in meta
            assert item.article.title in sources[number]
            assert (item.article.source or "source not given") in meta
        if len(story.items) == 1:
            assert f"{story.lead.article.word_count:,} words" in meta
    # citations are internal links to the numbered source entries
    anchors = {a for p in paragraphs(document, "Brief Key Point") for _, _, a in hyperlinks(p)}
    assert anchors <= {f"source_{n}" for n in sources}
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert anchors <= bookmarks


def test_at_a_glance_table_counts_each_theme(data_brief):
    document = render(data_brief)
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Theme", "Articles", "Lead headline", "Sources"]
    assert [r[0] for r in rows[1:]] == [s.theme.name for s in data_brief.sections]
    assert [int(r[1]) for r in rows[1:]] == [len(s.items) for s in data_brief.sections]
    for row, section in zip(rows[1:], data_brief.sections, strict=True):
        assert row[2].startswith(section.stories[0].story.headline)
        assert row[2].endswith(f"[{section.stories[0].lead.citation}]")


def test_cover_states_period_issue_time_and_author(data_brief):
    document = render(data_brief, author="Jane Analyst", organisation="Strait Unit")
    dates = [i.article.date for i in data_brief.items if i.article.date]
    subtitle = texts(document, "Subtitle")[0]
    assert f"{max(dates).day} {max(dates):%B %Y}" in subtitle
    assert f"{min(dates).day} {min(dates):%B}" in subtitle
    cover = texts(document, "Brief Cover Line")[0]
    assert f"{data_brief.generated_at:%H:%M}" in cover
    assert "Jane Analyst, Strait Unit" in cover


def test_given_since_and_until_set_the_period(small_brief):
    from dataclasses import replace

    brief = replace(small_brief(), since=dt.date(2026, 10, 1), until=dt.date(2026, 12, 31))
    assert texts(render(brief), "Subtitle") == [
        "Developments reported 1 October – 31 December 2026"
    ]


def test_merged_duplicates_are_listed_with_links(small_brief):
    document = render(small_brief())
    also = paragraphs(document, "Brief Also")
    assert [p.text for p in also] == ["Also reported by Wire Two, source not given"]
    assert hyperlinks(also[0]) == [("Wire Two", "https://example.com/copy", None)]


def test_method_note_comes_last_in_small_print(data_brief):
    document = render(data_brief)
    last_heading = [p for p in document.paragraphs if p.style.name.startswith("Heading")][-1]
    assert last_heading.text == "Method note"
    small = " ".join(texts(document, "Brief Small Print"))
    assert str(data_brief.settings.algorithm) in small
    assert f"{len(data_brief.items)} articles" in small
    assert "briefing " in small and data_brief.generated_at.isoformat() in small
    body = list(document.element.body.iterchildren())
    last_paragraph = [e for e in body if e.tag == qn("w:p")][-1]
    assert last_paragraph.xpath("string(.)") in texts(document, "Brief Small Print")


def test_core_properties(data_brief):
    document = render(data_brief, author="Jane Analyst")
    props = document.core_properties
    assert props.title == data_brief.title
    assert props.author == "Jane Analyst"
    assert props.subject.startswith("Policy brief")
    assert props.keywords.split("; ") == [s.theme.name for s in data_brief.sections]
    expected = data_brief.generated_at.astimezone(dt.UTC).replace(tzinfo=None)
    assert props.created.replace(tzinfo=None) == expected
    assert props.modified.replace(tzinfo=None) == expected


def test_styles_name_an_east_asian_font_so_cjk_renders(small_brief):
    document = render(small_brief())
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia"))
    assert fonts.get(qn("w:asciiTheme")) is None
    assert "賴清德" in "\n".join(texts(document, "Heading 2"))


def _template_without_styles(path: Path, suffix: str) -> Path:
    """A plain python-docx document stripped of styles the brief uses."""
    template = docx.Document()
    styles = template.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) in ("heading 2", "List Bullet", "Title"):
            styles.remove(style)
    template.styles["Heading 1"].font.size = docx.shared.Pt(20)
    target = path / f"office{suffix}"
    template.save(target)
    if suffix == ".dotx":
        raw = target.read_bytes()
        patched = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(patched, "w") as out:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    data = data.replace(DOCX_MAIN.encode(), DOTX_MAIN.encode())
                out.writestr(info, data)
        target.write_bytes(patched.getvalue())
    return target


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_custom_template_missing_styles_falls_back(small_brief, tmp_path, suffix):
    template = _template_without_styles(tmp_path, suffix)
    document = render(small_brief(), template=template)
    # the office's own styling is kept, missing styles are added
    assert document.styles["Heading 1"].font.size == docx.shared.Pt(20)
    assert len(texts(document, "Heading 2")) == 2
    bullets = texts(document, "List Bullet")
    assert bullets and all(text.startswith("•") for text in bullets)
    assert texts(document, "Title") == [small_brief().title]


@pytest.mark.parametrize("unstated", ["w:pgSz", "w:pgMar"])
def test_template_without_page_size_or_margins_still_renders(small_brief, tmp_path, unstated):
    # Word fills in its own page size and margins when a section leaves them out; the
    # header's right tab used to subtract None from them and crash the build.
    template = docx.Document()
    section = template.element.body.sectPr
    section.remove(section.find(qn(unstated)))
    path = tmp_path / "bare.docx"
    template.save(path)
    brief = small_brief()
    document = render(brief, template=path, marking="tlp:amber")
    header = "".join(p.text for p in document.sections[0].header.paragraphs)
    footer = "".join(p.text for p in document.sections[0].footer.paragraphs)
    assert brief.title in header and "TLP:AMBER" in header
    assert re.search(r"Page \d+ of \d+", footer)
    assert texts(document, "Title") == [brief.title]


def test_unusable_template_is_a_render_error(small_brief, tmp_path):
    bogus = tmp_path / "notes.docx"
    bogus.write_text("not a zip")
    with pytest.raises(RenderError, match=r"notes\.docx"):
        render(small_brief(), template=bogus)
    with pytest.raises(RenderError, match="template not found"):
        render(small_brief(), template=tmp_path / "missing.dotx")


def test_committed_template_is_what_the_script_builds():
    spec = importlib.util.spec_from_file_location(
        "make_template", ROOT / "scripts/make_template.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "templates" / "brief.docx").read_bytes() == module.template_bytes(), (
        "templates/brief.docx is stale: run .venv/bin/python scripts/make_template.py"
    )


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) or pdftotext not installed; PDF check skipped")
    return found


@pytest.mark.slow
def test_libreoffice_prints_the_data_brief_in_a_few_pages(data_brief, tmp_path):
    soffice = _soffice()
    source = tmp_path / "brief.docx"
    source.write_bytes(get_renderer("docx", RenderOptions()).render(data_brief))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = tmp_path / "brief.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.count("\f")
    # 22 articles with three-sentence summaries; about 16 articles make 4-6 pages.
    assert 4 <= pages <= 7, f"{pages} pages"
    flat = " ".join(text.split())
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    assert flat.count("TLP:CLEAR") >= 2 * pages
    assert "Key points" in flat and "Method note" in flat
    shown = [kp.sentence for kp in data_brief.key_points]
    cjk = {ch for sentence in shown for ch in sentence if "\u4e00" <= ch <= "\u9fff"}
    assert cjk, "data/ key points name people in Chinese characters"
    assert all(ch in text for ch in cjk)
