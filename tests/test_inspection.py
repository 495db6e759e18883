"""``inspect_inputs``: how each input becomes articles, and why some do not."""

from __future__ import annotations

from pathlib import Path

from briefing.cli.inspection import detect_encoding, inspect_inputs


def test_reports_reader_encoding_and_articles_per_file(data_dir: Path) -> None:
    report = inspect_inputs([str(data_dir / "cross-strait-weekly.txt")])
    (item,) = report.inputs
    assert item.reader == "text"
    assert item.encoding == "utf-8"
    assert item.size == (data_dir / "cross-strait-weekly.txt").stat().st_size
    assert len(item.articles) >= 2
    assert all(a.title and a.word_count > 0 for a in item.articles)
    assert item.skipped is None


def test_skipped_inputs_say_why(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "image.bin").write_bytes(bytes(range(256)) * 4)
    report = inspect_inputs([str(tmp_path), str(tmp_path / "missing.txt")])
    reasons = {Path(s.input).name: s.reason for s in report.skipped}
    assert "empty" in reasons["blank.txt"]
    assert "not a format" in reasons["image.bin"] or "binary" in reasons["image.bin"]
    assert reasons["missing.txt"] == "no such file or folder"
    assert report.articles == ()


def test_derived_title_and_truncation_are_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Officials in Taipei announced new screening rules for investment in chip suppliers "
        "on Monday. The rules take effect next month and cover equipment makers and their "
        "subcontractors, according to the ministry which published the draft for comment "
        "and said that the list of covered firms would",
        encoding="utf-8",
    )
    (article,) = inspect_inputs([str(page)]).articles
    assert article.title_derived
    assert article.truncated


def test_detect_encoding() -> None:
    assert detect_encoding("plain".encode("ascii")) == "ascii"
    assert detect_encoding("Tsai Ing-wen 蔡英文".encode()) == "utf-8"
    assert detect_encoding("\ufefftext".encode("utf-8")) == "utf-8-sig"
    assert detect_encoding(b"\x00\x01\x02\x03" * 100) is None
    latin = ("Le ministère a publié une déclaration sur les élections. " * 20).encode("cp1252")
    assert detect_encoding(latin) is not None and detect_encoding(latin) not in ("utf-8", "ascii")
