"""Every revisit the runs wrote replays in pywb as its original's bytes and status (``nianbao replay``'s setup:
pywb over the archive in place, with our own sorted index)."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import pytest

from archive.replay import archive_replay
from archive.warc_reader import iter_records

pytestmark = pytest.mark.pywb


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, data: bytes | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers={"Accept-Encoding": "gzip"})
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_every_revisit_replays_as_the_original(timeline, pywb_venv_path, tmp_path):
    originals, revisits = {}, []
    for path in sorted(timeline.warc_dir.glob("*.warc.gz")):
        for stored in iter_records(path):
            if stored.record_type == "response":
                originals[(stored.url, stored.payload_digest)] = stored
            elif stored.record_type == "revisit":
                revisits.append(stored)
    assert len(revisits) > 200
    # Not only 200s: a site without robots.txt answers with the same 404 page every run.
    assert any(r.status == 404 for r in revisits), "no revisit of an unchanged 404 page"
    profiles = {r.refers_to_uri == r.url and r.refers_to_date is not None for r in revisits}
    assert profiles == {True}, "a revisit without WARC-Refers-To-Target-URI/-Date"
    replay = archive_replay(tmp_path / "replay", timeline.data / "index.cdxj", timeline.warc_dir)
    replay.serve()
    try:
        failures = []
        for revisit in revisits:
            original = originals[(revisit.url, revisit.payload_digest)]
            stamp = "".join(ch for ch in revisit.warc_date if ch.isdigit())[:14]
            post = revisit.request_body if (revisit.method or "").upper() == "POST" else None
            status, headers, body = fetch(replay.url_for(stamp, revisit.url), data=post)
            expected = original.body if headers.get("Content-Encoding") == "gzip" else original.payload()
            # A 304's revisit has no headers of its own: it replays the original's status.
            if status != (revisit.status or original.status) or body != expected:
                failures.append((revisit.url, revisit.warc_date, status, len(body), len(expected)))
            elif headers.get("Content-Encoding") == "gzip":
                assert gzip.decompress(body) == original.payload()
        assert failures == []
    finally:
        replay.stop()
