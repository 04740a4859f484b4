"""What related-article scoring takes of each published article (no numpy: a build whose
related lists are kept as they were never imports the scoring)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from jarida.content.terms import TermBag
from jarida.model import ArticleId


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedInput:
    """What related-article scoring needs of one published article."""

    id: ArticleId
    date: datetime
    #: Term slugs per taxonomy.
    terms: Mapping[str, tuple[str, ...]]
    #: Content terms from :func:`jarida.related.article_terms`; empty: structure only.
    content: TermBag = field(default_factory=TermBag)
    #: The digest of the source the content terms come from ("": none), which stands for them
    #: in the key of the related-lists cache.
    source: str = ""
    #: The edition it belongs to ("": the default; :mod:`jarida.languages`): an article is only
    #: ever related to articles of its own edition.
    edition: str = ""
