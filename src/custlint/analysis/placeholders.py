"""Fields that hold no answer: a placeholder (TBD, N/A, an unfilled <hint>, a template prompt) or
a pointer to a ticket instead of the text ("see SHOP-12")."""

from __future__ import annotations

import re

from custlint.analysis import vocab
from custlint.core.lazyre import lazy
from custlint.document.refs import find_refs

# what is_placeholder and is_deferred said of a text of at most _KNOWN_LEN characters: a field's text is
# asked about two or three times a document (its group's first substantive field, its verdict, its
# placeholder), and a history's templates repeat theirs; each pattern costs ~4k instructions even
# where it fails at the first character, a look-up a tenth of that
_KNOWN_LEN = 400
_PLACEHOLDER: dict[str, bool] = {}
_DEFERRED_TEXT: dict[str, bool] = {}


def _remember(known: dict[str, bool], text: str, value: bool) -> bool:
    if len(text) <= _KNOWN_LEN:
        if len(known) >= 4096:
            known.clear()
        known[text] = value
    return value


def is_placeholder(text: str) -> bool:
    """Empty, TBD/N/A/..., an unfilled ``<hint>`` or a template prompt left in place of an answer."""
    value = _PLACEHOLDER.get(text)
    return _remember(_PLACEHOLDER, text, _is_placeholder(text)) if value is None else value


def _is_placeholder(text: str) -> bool:
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
    value = _DEFERRED_TEXT.get(text)
    return _remember(_DEFERRED_TEXT, text, _is_deferred(text)) if value is None else value


def _is_deferred(text: str) -> bool:
    text = text.strip()
    if len(text) > 120 or not _DEFERRED.match(text):
        return False
    return bool(find_refs(text))  # "N/A, see INV-220", "n/a until launch; tracked in INV-300"
