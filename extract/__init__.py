"""Bytes of a published report → the record of ../shared/spec/report-schema.md.

Knows nothing of Scrapy or WARC: callers hand it bytes and whatever they know of the
source (content type, file name, URL). Public entry points:

- :func:`extract.api.extract_bytes` — any supported format, detected from the bytes,
  the content type and the file name;
- :func:`extract.api.extract_path` — a local file;
- :func:`extract.api.document_to_record` — a :class:`extract.document.Document` some
  reader already produced;
- :mod:`extract.titles` — ``is_report_title``, ``report_year``, ``agency_from_title`` for
  the crawler's link classification.

None of them raises on bad input: problems are flags on the record.
"""
