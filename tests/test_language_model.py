"""py3langid's model, unpacked once per user, identifies exactly as the packed one.

py3langid ships its model compressed with LZMA: unpacking it was 0.62 of the 0.71 s a
process took to load it, paid by every run (and every forked reader) with one article
that is not plainly English. ``languages._identifier`` keeps an unpacked copy in this
user's cache folder. These tests load both and compare every ranking, and check that a
damaged copy or a folder others may write in is never trusted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from briefing import languages

# Our own sentences, one per language and script py3langid knows, and two that are hard
# to tell (names and scores, a list of figures).
TEXTS = [
    "The cabinet approved a larger defence budget on Tuesday after a long debate.",
    "El gobierno aprobó el martes un presupuesto de defensa más alto tras un largo debate.",
    "Die Regierung hat am Dienstag nach langer Debatte einen höheren Wehretat beschlossen.",
    "Le gouvernement a adopté mardi un budget de la défense plus élevé après un long débat.",
    "Il governo ha approvato martedì un bilancio della difesa più alto dopo un lungo dibattito.",
    "O governo aprovou na terça-feira um orçamento de defesa maior após um longo debate.",
    "De regering keurde dinsdag na een lang debat een hogere defensiebegroting goed.",
    "Правительство во вторник одобрило увеличенный оборонный бюджет после долгих дебатов.",
    "وافقت الحكومة يوم الثلاثاء على ميزانية دفاع أكبر بعد نقاش طويل.",
    "정부는 화요일 긴 논의 끝에 더 많은 국방 예산을 승인했다.",
    "Ingham, Mulligan, Fenton, Morley, Priet (Ryan 79), McIndoe, Ravenhill (Price 90).",
    "1,375 (W Midlands) 3-1 72 59",
]


@pytest.fixture
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temp folder of the test's own; the model loads afresh before and after."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    languages._identifier.cache_clear()
    yield tmp_path / f"briefing-{os.getuid()}"
    languages._identifier.cache_clear()


def _packed() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE)


def _copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("py3langid-*.npz"))


def test_the_unpacked_model_ranks_every_language_as_the_packed_one(own_temp: Path) -> None:
    languages._identifier()
    (copy,) = _copies(own_temp)
    packed, unpacked = _packed(), languages._identifier_from(copy)
    assert np.array_equal(packed.nb_ptc, unpacked.nb_ptc)
    assert np.array_equal(packed.nb_pc, unpacked.nb_pc)
    assert packed.nb_classes == unpacked.nb_classes
    assert packed.tk_nextmove == unpacked.tk_nextmove
    assert packed.tk_row == unpacked.tk_row
    assert packed.tk_output == unpacked.tk_output
    for text in TEXTS:
        assert unpacked.rank(text) == packed.rank(text), text
    assert [unpacked.classify(text)[0] for text in TEXTS[:10]] == [
        "en", "es", "de", "fr", "it", "pt", "nl", "ru", "ar", "ko",
    ]  # fmt: skip


def test_a_later_process_reads_the_unpacked_copy(
    own_temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    languages._identifier()
    languages._identifier.cache_clear()

    def unpacks(*args: object, **kwargs: object) -> LanguageIdentifier:
        raise AssertionError("the packed model was unpacked again")

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", unpacks)
    assert languages.detect_language(TEXTS[1]) == "es"
    assert languages.detect_language(TEXTS[2]) == "de"


def test_a_damaged_copy_is_unpacked_again(own_temp: Path) -> None:
    languages._identifier()
    (copy,) = _copies(own_temp)
    copy.write_bytes(copy.read_bytes()[: 1 << 20])  # cut short, as a full disk leaves it
    languages._identifier.cache_clear()
    assert languages.detect_language(TEXTS[3]) == "fr"
    assert languages._identifier_from(copy).classify(TEXTS[3])[0] == "fr"  # written whole


def test_no_copy_in_a_folder_that_others_may_write_in(own_temp: Path) -> None:
    own_temp.mkdir(mode=0o700)
    own_temp.chmod(0o777)  # another user could put a model of their making here
    assert languages.cache_dir() is None
    assert languages.detect_language(TEXTS[4]) == "it"
    assert _copies(own_temp) == []
