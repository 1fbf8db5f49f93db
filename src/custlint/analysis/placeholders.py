"""Fields that hold no answer: a placeholder (TBD, N/A, an unfilled <hint>, a template prompt) or
a pointer to a ticket instead of the text ("see SHOP-12")."""

from __future__ import annotations

import re

from custlint.analysis import vocab
from custlint.core.lazyre import lazy
from custlint.document.refs import find_refs


def is_placeholder(text: str) -> bool:
    """Empty, TBD/N/A/..., an unfilled ``<hint>`` or a template prompt left in place of an answer."""
    text = text.strip().strip("*_").strip()
    if not text:
        return True
    if len(text) > 300:
        return False
    return (
        bool(vocab.PLACEHOLDERS.match(text))
        or (text.startswith("<") and text.endswith(">"))
        or bool(vocab.TEMPLATE_HINT.match(text))
    )


_DEFERRED = lazy(
    r"\A\W*(?:n/?a|tbd|none|see|in|per|refer to|details in|as in|described in|defined in|tracked in)\b", re.IGNORECASE
)


def is_deferred(text: str) -> bool:
    """'N/A, see INV-220', 'see SHOP-12': the field points at a ticket instead of saying it."""
    text = text.strip()
    if len(text) > 120 or not _DEFERRED.match(text):
        return False
    return bool(find_refs(text))  # "N/A, see INV-220", "n/a until launch; tracked in INV-300"
