"""Challenge markers are matched on the lower-cased head: any letter case still counts."""

from __future__ import annotations

import pytest

from crawler.middlewares.challenge_pages import challenge_kind


@pytest.mark.parametrize(("status", "script", "kind"), [
    (412, "$_TS = window['$_ts'] || {};", "ruishu"),
    (412, "var _$Ab = 1;", "ruishu"),
    (202, "FSSBBIl1UgzbN7N", "ruishu"),
    (521, "document.cookie=('__JSL_CLEARANCE_S=1');location.href=location.pathname", "jiasule"),
    (200, "var x = '_JSLuid';", "jiasule"),  # a tiny 200 without links
    (503, "DOCUMENT.Cookie = 'a=1'; Window.Location = '/';", "cookie-script"),
])
def test_markers_in_any_case_are_recognised(status, script, kind):
    assert challenge_kind(status, f"<html><SCRIPT>{script}</SCRIPT></html>".encode()) == kind


def test_a_script_library_path_is_not_a_jiasule_marker():
    """'jsl' alone is in every Hanweb page (/module/jslib/…): only real 加速乐 names count."""
    page = b"<html><script src='/module/jslib/jquery/jquery.js'></script></html>"
    assert challenge_kind(521, page) is None
    assert challenge_kind(200, page) is None
