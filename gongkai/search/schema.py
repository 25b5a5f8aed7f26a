"""What the index holds: the tantivy schema, and a `SearchRecord` as a tantivy document.

Pure functions of the record (no database, no index on disk), shared by the incremental indexer
(`index.catch_up`) and the bulk build (`bulk.build_index`), whose worker processes call them.
"""

from __future__ import annotations

from datetime import date

import tantivy

from gongkai.search import segment
from gongkai.search.registry import SearchRecord

SCHEMA_VERSION = 3  # 2: token streams through the whitespace tokenizer; 3: text stored, not indexed
NO_DATE = 99991231  # "never" for expiry, amendment and repeal dates
UNKNOWN_START = 0  # a document without a known start date is in force from the beginning


def date_int(value: date | None, default: int) -> int:
    return value.year * 10000 + value.month * 100 + value.day if value else default


def build_schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    # The token fields receive space-separated streams built by `segment` (see there); tantivy's
    # built-in whitespace tokenizer only splits them and numbers the positions.
    b.add_text_field("title_words", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("body_words", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("grams", tokenizer_name="whitespace", index_option="position")
    b.add_text_field("chars", tokenizer_name="whitespace", index_option="basic")
    for name in ("kind", "doc_type", "topic", "owner", "body"):
        b.add_text_field(
            name, stored=name != "body", fast=True, tokenizer_name="raw", index_option="basic"
        )
    for name in ("year", "starts_on", "expires_on", "superseded_on", "repealed_on", "published"):
        b.add_unsigned_field(name, stored=True, indexed=True, fast=True)
    for name in (
        "title",
        "url",
        "owner_name",
        "doc_type_label",
        "doc_number",
        "index_number",
    ):
        b.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    # The text snippets are cut from: stored only. (As a "raw" text field it was also indexed as
    # one term of up to 20,000 characters per document, which halved indexing speed.)
    b.add_bytes_field("text", stored=True, indexed=False)
    return b.build()


SCHEMA = build_schema()


def text_fields(record: SearchRecord) -> tuple[str, ...]:
    # The order is fixed: title first, body and attachment text last (see token_streams).
    return (
        record.title,
        record.doc_number,
        record.index_number,
        record.issuer,
        record.owner_name,
        record.body_text,
        record.attachment_text,
    )


def indexed_text(record: SearchRecord) -> str:
    """The normalised text that exact-phrase recall is defined on (tests scan it too)."""
    normalized = (segment.normalize(f) for f in text_fields(record))
    return segment.FIELD_SEPARATOR.join(f for f in normalized if f)


def token_streams(texts: tuple[str, ...]) -> tuple[str, str, str, str]:
    """The expensive part of indexing one record — normalising and segmenting its text — as a
    pure function of plain strings, so that a rebuild can run it in worker processes.
    Returns the title words, body words, bigram and character streams."""
    fields = [segment.normalize(f) for f in texts]
    title, body, attachment = fields[0], fields[5], fields[6]
    return (
        segment.word_stream(segment.words_of_normalized(title)),
        segment.word_stream(
            segment.words_of_normalized(body) + segment.words_of_normalized(attachment)
        ),
        segment.bigram_stream(fields),
        segment.character_stream(fields),
    )


def to_document(
    record: SearchRecord, streams: tuple[str, str, str, str] | None = None
) -> tantivy.Document:
    title_words, body_words, grams, chars = streams or token_streams(text_fields(record))
    doc = tantivy.Document()
    doc.add_text("key", record.key)
    doc.add_text("title_words", title_words)
    doc.add_text("body_words", body_words)
    doc.add_text("grams", grams)
    doc.add_text("chars", chars)
    doc.add_text("kind", record.kind)
    doc.add_text("doc_type", record.doc_type)
    doc.add_text("topic", record.topic)
    doc.add_text("owner", record.owner_code)
    for code in record.body_codes:
        doc.add_text("body", code)
    doc.add_unsigned("year", record.published_on.year if record.published_on else 0)
    doc.add_unsigned("starts_on", date_int(record.starts_on, UNKNOWN_START))
    doc.add_unsigned("expires_on", date_int(record.expires_on, NO_DATE))
    doc.add_unsigned("superseded_on", date_int(record.superseded_on, NO_DATE))
    doc.add_unsigned("repealed_on", date_int(record.repealed_on, 0) if record.repealed else NO_DATE)
    doc.add_unsigned("published", date_int(record.published_on, 0))
    for name in ("title", "url", "owner_name", "doc_type_label", "doc_number", "index_number"):
        doc.add_text(name, getattr(record, name))
    doc.add_bytes("text", (record.body_text or record.attachment_text)[:20000].encode())
    return doc
