"""zhenggai: a compliance-rule checking engine for Chinese rectification notices."""

from engine.errors import ZhenggaiError
from engine.model import Notice
from engine.structured import load_notice

__all__ = ["Notice", "ZhenggaiError", "load_notice"]
__version__ = "0.1.0"
