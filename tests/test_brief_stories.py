"""The brief a user reads: bounded length, PDF with page numbers, what changed, polish."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import RenderError
from briefing.renderers import RenderOptions, get_renderer

runner = CliRunner()


def _office() -> None:
    if not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which(
        "pdftotext"
    ):
        pytest.skip("LibreOffice (soffice) or pdftotext not installed; PDF check skipped")


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.slow
def test_a_thousand_articles_make_a_short_brief_and_a_complete_json(
    bbc_dev: Path, tmp_path: Path
) -> None:
    _office()
    pile = tmp_path / "pile.jsonl"
    lines = bbc_dev.read_text(encoding="utf-8").splitlines()[:1000]
    pile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = tmp_path / "week"
    result = runner.invoke(app, ["build", str(pile), "-o", str(base), "-f", "pdf,json"])
    assert result.exit_code == 0, result.output
    data = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    # Every input is in the JSON: as an article, or as a copy merged into one.
    assert len(data["articles"]) + sum(len(a["also_in"]) for a in data["articles"]) == 1000
    in_stories = [i for story in data["stories"] for i in story["article_ids"]]
    assert sorted(in_stories) == sorted(a["id"] for a in data["articles"])
    text = _pdf_text(base.with_suffix(".pdf"))
    pages = text.count("\f")
    assert pages <= 12, f"{pages} pages"
    assert "More stories" in text


@pytest.mark.slow
def test_pdf_output_has_contents_with_page_numbers(data_dir: Path, tmp_path: Path) -> None:
    _office()
    out = tmp_path / "brief.pdf"
    result = runner.invoke(app, ["build", str(data_dir), "-o", str(out)])  # -o x.pdf means PDF
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "brief.pdf.docx").exists() and not (tmp_path / "brief.docx").exists()
    text = _pdf_text(out)
    contents = text.split("Contents", 1)[1]
    pages = text.count("\f")
    entries = re.findall(r"^(Key points|Economic security|Sources|Method note)\W*?(\d+)\s*$",
                         contents, re.MULTILINE)  # fmt: skip
    assert [name for name, _ in entries] == [
        "Key points", "Economic security", "Sources", "Method note"
    ]  # fmt: skip
    numbers = [int(n) for _, n in entries]
    assert numbers == sorted(numbers) and numbers[0] >= 1 and numbers[-1] <= pages
    # Each entry's number is the page the heading is printed on.
    printed = text.split("\f")
    heading_page = next(k for k, p in enumerate(printed, 1) if "\nSources\n" in f"\n{p}")
    assert dict(entries)["Sources"] == str(heading_page)


def test_pdf_without_libreoffice_names_the_missing_program(monkeypatch, small_brief) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RenderError, match="soffice"):
        get_renderer("pdf", RenderOptions()).render(small_brief())


def _docx(brief, **options) -> docx.document.Document:
    return docx.Document(io.BytesIO(get_renderer("docx", RenderOptions(**options)).render(brief)))


def _keeps_with_next(paragraph) -> bool:
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return bool(paragraph.paragraph_format.keep_with_next)


def test_word_polish_on_the_sample_brief(data_brief) -> None:
    document = _docx(data_brief)
    paragraphs = document.paragraphs
    for k, paragraph in enumerate(paragraphs):
        if paragraph.style.name == "Heading 2":
            # heading, meta line and first bullet stay on one page
            assert _keeps_with_next(paragraph) and _keeps_with_next(paragraphs[k + 1])
            bullets = [p.text for p in paragraphs[k + 2 : k + 5] if p.style.name == "List Bullet"]
            assert paragraph.text not in bullets  # no headline repeated as a bullet
    everything = "\n".join(p.text for p in paragraphs)
    assert "Prepared by" not in everything  # no author given
    metas = [p.text for p in paragraphs if p.style.name == "Brief Meta"]
    assert not any(".txt" in meta or ".md" in meta for meta in metas)
    labels = [p.text for p in paragraphs if p.style.name == "Brief Key Point Theme"]
    assert labels[:3] == ["Economic security", "Defense spending", "Cross-strait politics"]
    compact = [p.text for p in paragraphs if p.style.name == "Brief Compact"]
    other = next(s for s in data_brief.sections if s.theme.id == "other")
    assert len(compact) == other.shown
    for text, story in zip(compact, other.top_stories, strict=True):
        assert text.startswith(f"{story.story.headline} — ")
        assert text.count(". ") <= 2  # headline and one sentence


def test_cover_names_an_author_only_when_given(small_brief) -> None:
    cover = [p.text for p in _docx(small_brief(), author="Jane Analyst").paragraphs]
    assert any("Prepared by Jane Analyst" in line for line in cover)


def test_an_article_without_publisher_says_source_not_given(small_brief) -> None:
    metas = [p.text for p in _docx(small_brief()).paragraphs if p.style.name == "Brief Meta"]
    assert any("source not given" in meta for meta in metas)
    assert not any("a2.txt" in meta for meta in metas)


@pytest.mark.slow
def test_previous_brief_marks_new_and_continuing_and_draws_the_chart(
    data_dir: Path, tmp_path: Path
) -> None:
    last = tmp_path / "last"
    week = tmp_path / "week"
    earlier = [str(p) for p in sorted(data_dir.iterdir())[:5]]
    assert runner.invoke(app, ["build", *earlier, "-o", str(last), "-f", "json"]).exit_code == 0
    result = runner.invoke(
        app,
        ["build", str(data_dir), "-o", str(week), "-f", "docx,html,json",
         "--previous", str(last.with_suffix(".json"))],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    before = json.loads(last.with_suffix(".json").read_text(encoding="utf-8"))
    now = json.loads(week.with_suffix(".json").read_text(encoding="utf-8"))
    seen = {a["url"] for a in before["articles"] if a["url"]}
    for story in now["stories"]:
        urls = {a["url"] for a in now["articles"] if a["id"] in story["article_ids"]}
        if urls & seen:  # the same report again: the story surely continues
            assert story["status"] == "continuing", story["headline"]
    assert {s["status"] for s in now["stories"]} == {"new", "continuing"}
    assert now["previous_counts"] == {
        theme: sum(1 for s in before["stories"] if s["theme"] == theme)
        for theme in {s["theme"] for s in before["stories"]}
    }
    document = docx.Document(str(week.with_suffix(".docx")))
    assert len(document.inline_shapes) == 1
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "What changed" in headings
    metas = " ".join(p.text for p in document.paragraphs if p.style.name == "Brief Meta")
    assert "Continuing" in metas and "New" in metas
    html = week.with_suffix(".html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in html


def test_unreadable_previous_brief_is_reported_and_the_brief_still_built(
    data_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "last.json"
    bad.write_text("{not json", encoding="utf-8")
    out = tmp_path / "week.docx"
    result = runner.invoke(app, ["build", str(data_dir), "-o", str(out), "--previous", str(bad)])
    assert result.exit_code == 0
    assert re.search(r"skipped .*last\.json: not JSON", result.stderr)
    assert out.exists()


def test_max_stories_caps_each_theme_and_lists_the_rest(data_dir: Path, tmp_path: Path) -> None:
    base = tmp_path / "brief"
    result = runner.invoke(
        app, ["build", str(data_dir), "-o", str(base), "-f", "docx,json", "--max-stories", "2"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    document = docx.Document(str(base.with_suffix(".docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    in_full = [s for s in data["stories"] if s["told_in_full"]]
    assert all(s["rank"] <= 2 for s in in_full)
    assert headings == [s["headline"] for s in in_full if s["theme"] != "other"]
    listed = [s["headline"] for s in data["stories"] if not s["told_in_full"]]
    table_text = {cell.text for table in document.tables[1:] for cell in table.columns[0].cells}
    assert set(listed) <= table_text


def test_a_story_told_by_many_outlets_cites_a_few_and_counts_the_rest() -> None:
    import datetime as dt

    from briefing.brief import MAX_CITED, assemble_brief
    from briefing.models import Article, Theme, ThemeScore
    from briefing.summarize import summarize

    text = (
        "A magnitude 6.4 earthquake struck off Hualien County early on Monday. The Sanzhan "
        "bridge on the Suhua highway cracked and was closed. Rescuers evacuated 40 residents."
    )
    articles = [
        Article(id=f"a{i}", title=f"Hualien quake closes Sanzhan bridge ({i})", text=text,
                path=f"{i}.txt", source=f"Outlet {i}", date=dt.date(2026, 11, 3))
        for i in range(12)
    ]  # fmt: skip
    summaries = {a.id: summarize(a) for a in articles}
    scores = {a.id: ThemeScore(a.id, "quakes", {"quakes": 2.0}) for a in articles}
    brief = assemble_brief(articles, summaries, scores, [Theme("quakes", "Quakes", ("quake",))])
    (story,) = brief.stories
    assert len(story.cited) == MAX_CITED and len(brief.cited_items) == MAX_CITED
    meta = next(p.text for p in _docx(brief).paragraphs if p.style.name == "Brief Meta")
    assert meta.startswith("Reported by 12 outlets: Outlet 0")
    assert f"and {12 - MAX_CITED} more" in meta
    assert f"[{MAX_CITED + 1}]" not in meta
