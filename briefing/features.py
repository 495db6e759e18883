"""One article's words, split and stemmed once for every stage that reads them.

Theme scoring, the summarizer and the duplicate test all look at an article's words:
each used to split the text into sentences or words and stem them on its own. The
per-article map (``pipeline``) now builds one ``TextFeatures`` per article, in a worker
or on a cluster, and every stage there reads it; only their small results travel back.

What each stage derives from it is what it computed before, exactly: a stage uses the
shared words only where they are provably the words it would have found itself (text
without Chinese or Japanese characters, whose words are the same taken sentence by
sentence or all at once, checked per article), and tokenizes as before otherwise.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from briefing import languages
from briefing import text as textlib
from briefing.models import Article


@dataclass(frozen=True)
class TextFeatures:
    """``sentences`` as ``text.split_sentences`` splits the article's text; ``words``
    those of each sentence in turn (``text.words`` in the article's language), sentence
    ``i`` being ``words[bounds[i]:bounds[i + 1]]``; ``stems`` the stem of each word;
    ``content`` the stems of the words that carry meaning (``text.content_stems``),
    sentence ``i``'s being ``content[content_bounds[i]:content_bounds[i + 1]]``, and
    ``content_words`` those words; ``whole``: the words are also those of the text
    taken at once (``text.words`` with no language), so whole-text measures may use
    them."""

    sentences: tuple[str, ...]
    bounds: tuple[int, ...]
    words: tuple[str, ...]
    stems: tuple[str, ...]
    content: tuple[str, ...]
    content_words: tuple[str, ...]
    content_bounds: tuple[int, ...]
    whole: bool

    def content_stems(self, i: int) -> tuple[str, ...]:
        """``text.content_stems`` of sentence ``i``."""
        return self.content[self.content_bounds[i] : self.content_bounds[i + 1]]


def text_features(article: Article) -> TextFeatures:
    sentences = tuple(textlib.split_sentences(article.text))
    words: list[str] = []
    bounds = [0]
    for sentence in sentences:
        words.extend(textlib.words(sentence, article.language))
        bounds.append(len(words))
    stems = tuple(map(textlib.stem, words))
    keep = list(map(textlib.is_content_word, words))
    content_bounds = [0]
    for start, end in itertools.pairwise(bounds):
        content_bounds.append(content_bounds[-1] + sum(keep[start:end]))
    content_words = tuple(itertools.compress(words, keep))
    if textlib.JAPANESE_COMPOUNDS and languages.primary(article.language) == "ja":
        # Japanese content words are compounds and dictionary forms, not a subset of the
        # segmenter's words (text.content_words).
        per_sentence = [textlib.content_words(s, article.language) for s in sentences]
        content_words = tuple(itertools.chain.from_iterable(per_sentence))
        content_bounds = [0, *itertools.accumulate(map(len, per_sentence))]
    # Sentences hold every word of the text (what lies between them is space), so for
    # text without Chinese or Japanese, whose words are regular-expression matches that
    # never cross a space, the words of the sentences are those of the text. Checked
    # rather than assumed: the comparison costs little beside stemming.
    whole = not languages.has_cjk(article.text) and words == textlib.words(article.text)
    return TextFeatures(
        sentences=sentences,
        bounds=tuple(bounds),
        words=tuple(words),
        stems=stems,
        content=tuple(map(textlib.stem, content_words)),
        content_words=content_words,
        content_bounds=tuple(content_bounds),
        whole=whole,
    )
