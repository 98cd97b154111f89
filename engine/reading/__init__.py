"""Reading stage: file bytes → :class:`SourceText` (decoded, normalised, offsets mappable).

``import engine.reading`` is cheap: python-docx, lxml, cn2an and charset-normalizer are imported
only when a file needs them.
"""

from engine.reading.formats import DEFAULT_MAX_BYTES, read_bytes, read_document
from engine.reading.source_text import SourceFormat, SourceText

__all__ = ["DEFAULT_MAX_BYTES", "SourceFormat", "SourceText", "read_bytes", "read_document"]
