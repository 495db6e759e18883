"""Readers turn the bytes of one input into articles; one module per format.

Importing this package registers every built-in reader in ``READERS``.
"""

from briefing.ingest.readers import (  # noqa: F401  (each registers itself)
    docx,
    feed,
    html,
    json_articles,
    mail,
    pdf,
    plaintext,
)
from briefing.ingest.readers.base import (
    READERS,
    InputData,
    Reader,
    ReaderOptions,
    register,
    select_reader,
)

__all__ = ["READERS", "InputData", "Reader", "ReaderOptions", "register", "select_reader"]
