"""Words the pages and the phases write, shared by every app. Plain Python: the rules
modules, which import no Django, use it too."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """A count and its noun: "1 plan", "3 plans"; ``many`` for a plural that is not the
    noun with an s ("2 passes", "2 risk reviews overdue")."""
    return f"{count} {word if count == 1 else many or word + 's'}"
