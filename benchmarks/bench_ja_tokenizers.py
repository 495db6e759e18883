"""Japanese tokenizers compared: word-boundary F1 against UD Japanese GSD, speed, size.

Usage: python benchmarks/bench_ja_tokenizers.py CORPUS_DIR
CORPUS_DIR holds ``ja_gsd-ud-test.conllu`` from UniversalDependencies/UD_Japanese-GSD
(short-unit words, UniDic standard). Each tokenizer that is installed is measured;
install the candidates first (fugashi unidic-lite, sudachipy sudachidict_core,
tinysegmenter). Figures are in docs/dependencies.md.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any


def read_conllu(path: Path) -> list[tuple[str, list[str]]]:
    sentences: list[tuple[str, list[str]]] = []
    text = ""
    forms: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            text = line.removeprefix("# text = ")
        elif not line.strip():
            if forms:
                sentences.append((text, forms))
            text, forms = "", []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                forms.append(cols[1])
    return sentences


def spans(tokens: list[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        out.add((pos, pos + len(token)))
        pos += len(token)
    return out


def _sudachi_split(tokenizer: Any, mode: Any, text: str) -> list[str]:
    # Any: sudachipy is an optional candidate, untyped when installed at all.
    return [t.surface() for t in tokenizer.tokenize(text, mode)]


def candidates() -> dict[str, Callable[[str], list[str]]]:
    found: dict[str, Callable[[str], list[str]]] = {}
    try:
        import fugashi

        tagger = fugashi.Tagger()
        found["fugashi+unidic-lite"] = lambda s: [w.surface for w in tagger(s)]
    except ImportError:
        pass
    try:
        from sudachipy import Dictionary, SplitMode

        sudachi = Dictionary(dict="core").tokenizer()
        for name, mode in (("A", SplitMode.A), ("C", SplitMode.C)):
            found[f"sudachipy+core mode {name}"] = partial(_sudachi_split, sudachi, mode)
    except ImportError:
        pass
    try:
        import tinysegmenter

        segmenter = tinysegmenter.TinySegmenter()
        found["tinysegmenter"] = segmenter.tokenize
    except ImportError:
        pass
    return found


def main(folder: str) -> None:
    sentences = read_conllu(Path(folder) / "ja_gsd-ud-test.conllu")
    chars = sum(len(t) for t, _ in sentences)
    print(f"{len(sentences)} sentences, {chars} characters (UD Japanese GSD test)")
    for name, tokenize in candidates().items():
        tp = fp = fn = 0
        start = time.perf_counter()
        for text, gold in sentences:
            predicted = spans([t for t in tokenize(text.replace(" ", "")) if t.strip()])
            reference = spans([g for g in gold if g.strip()])
            tp += len(predicted & reference)
            fp += len(predicted - reference)
            fn += len(reference - predicted)
        elapsed = time.perf_counter() - start
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall)
        print(
            f"{name:<26} F1 {f1:.3f}  P {precision:.3f}  R {recall:.3f}  "
            f"{chars / elapsed / 1000:8.1f} k chars/s"
        )


if __name__ == "__main__":
    main(sys.argv[1])
