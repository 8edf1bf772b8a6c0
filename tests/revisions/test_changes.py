"""`nianbao changes` after the epoch-2 crawl lists exactly what the portal changed, nothing else."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import pytest
from timeline_kit import nianbao

from portal.epochs import changes as portal_changes

EVIDENCE_OF = {"404": "http_404", "meta-refresh": "meta_refresh", "unlisted": "unlisted", "redirect": "redirect"}


@pytest.fixture(scope="module")
def both(timeline):
    result = nianbao("changes", "--since", "3", "--json", "--data", str(timeline.data))
    assert result.returncode == 0, result.stderr
    found = {(c["agency"], c["year"]): c for c in json.loads(result.stdout)}
    known = {(c["agency"], c["year"]): c for c in portal_changes(1, 2, roots=timeline.roots)}
    return found, known


def test_the_same_reports_changed_in_the_same_way(both):
    found, known = both
    assert known, "epoch 2 changes nothing: the timeline proves nothing"
    assert {k: c["kind"] for k, c in found.items()} == {k: c["kind"] for k, c in known.items()}


def test_changed_cells_old_to_new(both):
    found, known = both
    for identity, change in known.items():
        cells = {code: {"old": old, "new": new} for code, (old, new) in change["cells"].items()}
        assert found[identity]["cells"] == cells, identity


def test_text_only_revision_shows_the_sentence_diff(both):
    found, known = both
    text_changes = [(k, c) for k, c in known.items() if c["kind"] == "changed" and c["text"]]
    assert text_changes
    for identity, change in text_changes:
        diff = "\n".join(found[identity]["sections"].values())
        for old, new in change["text"]:
            assert any(line.startswith("-") and old in line for line in diff.splitlines()), diff
            assert any(line.startswith("+") and new in line for line in diff.splitlines()), diff


def test_urls_of_new_changed_and_moved_reports(both):
    found, known = both
    for identity, change in known.items():
        if change["kind"] == "deleted":
            assert found[identity]["url"] == change["old_url"], identity
        else:
            assert found[identity]["url"] == change["url"], identity
        if change["kind"] == "moved":
            assert found[identity]["old_url"] == change["old_url"]
            assert found[identity]["evidence"]["kind"] == "redirect"
            assert found[identity]["evidence"]["location"].endswith(change["url"].split("/", 3)[3])


def test_deletions_carry_the_evidence_of_their_old_url(both):
    found, known = both
    deleted = {k: c for k, c in known.items() if c["kind"] == "deleted"}
    assert {c["how"] for c in deleted.values()} >= {"404", "meta-refresh", "unlisted"}
    for identity, change in deleted.items():
        evidence = found[identity]["evidence"]
        assert evidence["kind"] == EVIDENCE_OF[change["how"]], identity
        if change["how"] == "meta-refresh":  # to the column the report was listed in
            column = urlsplit(urljoin(change["old_url"], evidence["target"])).path.rsplit("/", 1)[0] + "/"
            assert urlsplit(change["old_url"]).path.startswith(column) and column.count("/") > 2, evidence


def test_human_output_names_cells_and_evidence(timeline, both):
    _, known = both
    result = nianbao("changes", "--since", "3", "--data", str(timeline.data))
    assert result.returncode == 0, result.stderr
    changed = next(c for c in known.values() if c["kind"] == "changed" and c["cells"])
    code, (old, new) = next(iter(changed["cells"].items()))
    assert f"{code}: {old} → {new}" in result.stdout
    assert "evidence: http_404 404" in result.stdout
