"""Letters without their accents: `Côte d'Ivoire` as `Cote d'Ivoire`, for comparing words as a
person types them on a keyboard without accents, and for ordering names as a list of names is
read."""

from __future__ import annotations

import unicodedata

__all__ = ["without_accents"]


def without_accents(text: str) -> str:
    """The text with every letter's accents set apart and dropped (compatibility forms too:
    `ﬁ` becomes `fi`); case is kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
