"""The types that cross stage borders: ``RawDocument`` in, ``Article`` out.

Field names of ``Article`` are a public interface: they are the Elasticsearch
fields Kibana users build searches and dashboards on. Add fields freely; rename
or retype one only together with a new index template version.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

PIPELINE_VERSION = "0.1.0"


def _as_utc(value: datetime | None) -> datetime | None:
    """Naive datetimes are taken to be UTC; aware ones are converted to UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class DocumentKind(StrEnum):
    """What a connector read; decides which extractor the pipeline applies."""

    PLAIN_TEXT = "text/plain"
    HTML = "text/html"
    JSON_RECORD = "application/json"
    FEED_ENTRY = "application/rss+xml"


class DateSource(StrEnum):
    """Where ``published_at`` came from, so users can judge how far to trust it."""

    TEXT = "text"  # a date line in the article text itself (a dateline)
    JSONLD = "jsonld"  # the page's JSON-LD datePublished
    META = "meta"  # the page's publication meta tags (article:published_time, dc.date...)
    TIME = "time"  # the page's <time datetime> element marked as the publication
    URL = "url"  # a full date in the page's URL path
    PAGE = "page"  # other markup htmldate reads (a class="date" span...), none of the above
    PAGE_SEARCH = "page-search"  # htmldate's search of the page's URL and text
    FEED = "feed"  # the feed entry's published/updated date
    RECORD = "record"  # an explicit field of a JSON record
    NONE = "none"  # no date found; published_at is null


class Extractor(StrEnum):
    """What produced an article's text, so users can filter on it and ops can count it."""

    TRAFILATURA = "trafilatura"  # an HTML page, by trafilatura (the first choice)
    READABILITY = "readability-lxml"  # an HTML page trafilatura emptied or truncated
    # trafilatura's text completed from Resiliparse's paragraphs (it had cut the body short)
    COMPLETED = "trafilatura+resiliparse"
    LARGEST_BLOCK = "largest-block"  # both failed: the page's largest text block
    DESCRIPTION = "description"  # a page without text (a JavaScript app): its description
    PLAIN_TEXT = "plain-text"  # a plain-text file, by newsflow's line rules
    RECORD = "record"  # a JSON record's or feed entry's own body


class EntityType(StrEnum):
    PERSON = "PER"
    LOCATION = "LOC"
    ORGANIZATION = "ORG"
    MISC = "MISC"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RawDocument(_Frozen):
    """One unit of input as a connector found it, before any extraction.

    ``payload`` is the decoded text of the unit (a whole .txt file, an HTML page,
    one JSON record, one feed entry's content). The optional fields are hints the
    container format gave us (a JSON record's ``title``, a feed entry's date...);
    extraction prefers what the content itself says and falls back to these.
    """

    origin: str = Field(description="Where it was read: a file path or a URL.")
    kind: DocumentKind
    payload: str
    url: str | None = None
    title: str | None = None
    summary: str | None = None
    source: str | None = None
    source_feed: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None
    published_at: UtcDatetime | None = None
    date_source: DateSource = DateSource.NONE
    note: str | None = Field(
        default=None, description="Why the text is not what it seems to be, e.g. a fallback."
    )
    fallback: RawDocument | None = Field(
        default=None,
        description="What to extract instead when this yields no article text "
        "(a fetched page carries the feed entry it came from).",
    )


class Entity(_Frozen):
    """An entity linked in an article (filled by the entity-linking stage)."""

    id: str
    type: EntityType
    name: str = Field(description="Canonical name of the entity.")
    mentions: tuple[str, ...] = Field(description="Distinct surface forms as written.")
    count: int = Field(ge=1)
    first_offset: int | None = Field(
        default=None,
        ge=0,
        description="Offset of the first mention in `text`; null when the entity is named "
        "only in the title or the tags.",
    )


class Copy(_Frozen):
    """An exact copy of an article (same text) read from another origin, recorded on it."""

    source: str | None = None
    url: str | None = None
    origin: str
    ingested_at: UtcDatetime


class Article(_Frozen):
    """A cleaned article, exactly as it is indexed into Elasticsearch."""

    id: str = Field(description="Deterministic document id; a replay rewrites nothing.")
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = Field(default=None, description="Outlet name, e.g. 'Mehr News Agency'.")
    source_feed: str | None = None
    origin: str = Field(description="The file path or URL the document was read from.")
    title: str = Field(min_length=1)
    text: str = Field(min_length=1)
    summary: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = Field(
        default=(),
        description="The publisher's tags/keywords, and the tags the feed's config gives.",
    )
    language: str | None = None
    published_at: UtcDatetime | None = None
    published_at_source: DateSource = DateSource.NONE
    extraction_note: str | None = Field(
        default=None,
        description="Set when the text is not the page's own, e.g. the page failed and the "
        "feed's content was used instead; says why.",
    )
    extractor: Extractor | None = Field(
        default=None,
        description="What produced `text`: trafilatura, readability-lxml, the page's largest "
        "text block or its description, the plain-text rules, or the record's own body.",
    )
    ingested_at: UtcDatetime = Field(description="When the article was first indexed.")
    updated_at: UtcDatetime | None = Field(
        default=None, description="When changed text at the same canonical URL last replaced it."
    )
    revisions: int = Field(default=1, ge=1, description="How many versions of the text were seen.")
    previous_hashes: tuple[str, ...] = Field(
        default=(), description="content_hash of each earlier version this one replaced."
    )
    content_hash: str = Field(description="sha256 of the normalised text.")
    word_count: int = Field(ge=0)
    duplicate_of: str | None = None
    duplicate_similarity: float | None = None
    copies: tuple[Copy, ...] = Field(
        default=(),
        description="Exact copies (same text) read from other origins, which share its id.",
    )
    entities: tuple[Entity, ...] = ()
    entity_ids: tuple[str, ...] = ()
    entity_names: tuple[str, ...] = Field(
        default=(),
        description="Names and aliases of the linked KB and gazetteer entities (up to 64 "
        "each), so a plain query-string search for any spelling finds the article.",
    )
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    pipeline_version: str = PIPELINE_VERSION

    def to_document(self) -> dict[str, object]:
        """The JSON body sent to Elasticsearch; ``id`` is also the ``_id``."""
        return self.model_dump(mode="json")
