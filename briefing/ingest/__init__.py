"""Ingest: every input (file, folder, URL, stdin) in, clean deduplicated articles out.

One room for input: ``walk`` expands inputs and drives the readers, ``fetch`` downloads
URLs, ``readers`` turn bytes into articles (one registry, one module per format),
``dates`` parses dates, ``dedupe`` merges copies of one story.
"""

from briefing.ingest.walk import (
    STDIN,
    IngestOptions,
    expand_inputs,
    in_window,
    load_articles,
    read_articles,
    read_input,
    report_line,
    window_text,
)

__all__ = [
    "STDIN",
    "IngestOptions",
    "expand_inputs",
    "in_window",
    "load_articles",
    "read_articles",
    "read_input",
    "report_line",
    "window_text",
]
