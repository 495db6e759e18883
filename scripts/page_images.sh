#!/usr/bin/env bash
# Regenerate the page images of the data/ brief shown in the README (needs LibreOffice and
# poppler-utils): build the brief as PDF, then one PNG per page into docs/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
.venv/bin/briefing --quiet build data/ -o "$out/brief.pdf"
pdftoppm -png -r 70 "$out/brief.pdf" "$out/page"
rm -f docs/brief-page*.png
for page in "$out"/page-*.png; do
  number=$(basename "$page" .png | sed 's/^page-0*//')
  cp "$page" "docs/brief-page$number.png"
done
ls docs/brief-page*.png
