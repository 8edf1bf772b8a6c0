"""`nianbao recover` gives back the exact bytes the portal published, for deleted and revised reports."""

from __future__ import annotations

import json

import pytest
from timeline_kit import nianbao

from archive.db import open_db
from portal.epochs import changes as portal_changes
from portal.sites import build_sites, trs_county


@pytest.fixture(scope="module")
def published(timeline):
    """Epoch 1 and epoch 2 bytes by absolute URL (built from the portal's own data, not from the archive)."""
    def by_url(sites):
        out = {}
        for site in sites:
            root = timeline.roots[site.key].rstrip("/")
            out.update({root + path: resource.body for path, resource in site.resources.items()})
        return out

    return by_url(build_sites(1)), by_url([trs_county.build(2)])


@pytest.fixture(scope="module")
def first_run_end(timeline) -> str:
    return open_db(timeline.data / "nianbao.db")["runs"].get(1)["finished"]


def recover(timeline, tmp_path, *args: str) -> bytes:
    out = tmp_path / "recovered"
    result = nianbao("recover", *args, "-o", str(out), "--data", str(timeline.data))
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def test_deleted_reports_recovered_byte_exact(timeline, published, first_run_end, tmp_path):
    epoch1, _ = published
    deleted = [c for c in portal_changes(1, 2, roots=timeline.roots) if c["kind"] == "deleted"]
    assert len(deleted) >= 3
    for change in deleted:
        assert recover(timeline, tmp_path, change["old_url"], "--at", first_run_end) == epoch1[change["old_url"]]
        # by identity, latest: the report as last seen (run 2's 304 revisit, resolved to its original)
        identity = f"{change['agency']}|{change['year']}"
        assert recover(timeline, tmp_path, identity) == epoch1[change["old_url"]], identity


def test_revised_reports_recovered_before_and_after(timeline, published, first_run_end, tmp_path):
    epoch1, epoch2 = published
    revised = [c for c in portal_changes(1, 2, roots=timeline.roots) if c["kind"] == "changed"]
    assert any(c["url"].endswith(".pdf") for c in revised), "no replaced attachment among the revisions"
    for change in revised:
        before = recover(timeline, tmp_path, change["url"], "--at", first_run_end)
        assert before == epoch1[change["url"]], change["url"]
        after = recover(timeline, tmp_path, change["url"])
        assert after == epoch2[change["url"]] and after != before, change["url"]


def test_recover_refuses_a_date_before_the_first_capture(timeline, tmp_path):
    any_url = next(iter(timeline.roots.values()))
    result = nianbao("recover", any_url, "--at", "2001-01-01", "-o", str(tmp_path / "x"), "--data", str(timeline.data))
    assert result.returncode == 2 and "first captured" in result.stderr


def test_history_and_diff_of_a_revised_report(timeline):
    change = next(c for c in portal_changes(1, 2, roots=timeline.roots) if c["kind"] == "changed" and c["cells"])
    identity = f"{change['agency']}|{change['year']}"
    result = nianbao("history", identity, "--json", "--data", str(timeline.data))
    assert result.returncode == 0, result.stderr
    states = json.loads(result.stdout)
    assert [(s["run"], s["kind"], s["revision"]) for s in states] == [(1, "new", 1), (2, "unchanged", 1),
                                                                       (3, "changed", 2)]
    by_url = nianbao("history", change["url"], "--json", "--data", str(timeline.data))
    assert json.loads(by_url.stdout) == states
    diff = nianbao("diff", str(states[0]["report_id"]), str(states[2]["report_id"]), "--json",
                   "--data", str(timeline.data))
    assert diff.returncode == 0, diff.stderr
    assert json.loads(diff.stdout)["cells"] == {code: {"old": o, "new": n} for code, (o, n) in change["cells"].items()}
