"""Write templates/brief.docx, the Word template of the brief, from the house style.

The styles live in briefing/renderers/docx_styles.py; this script only saves them, with
fixed zip timestamps and core properties so the same code gives the same bytes.

    .venv/bin/python scripts/make_template.py [OUTPUT]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from briefing.renderers.docx_styles import house_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "templates" / "brief.docx"
FIXED_TIME = dt.datetime(2026, 1, 1)


def template_bytes() -> bytes:
    document = house_document()
    props = document.core_properties
    props.title = "Policy brief template"
    props.author = props.last_modified_by = "briefing"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.comments = "Styles of the briefing house style; edit them in Word to rebrand."
    raw = io.BytesIO()
    document.save(raw)
    # Same content, same bytes: python-docx stamps members with the current time.
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as out:
        for name in sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, source.read(name))
    return stable.getvalue()


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(template_bytes())
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
