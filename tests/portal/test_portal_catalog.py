"""Derived content keeps its truth exact, and bad content files give clear errors."""

from __future__ import annotations

import pytest

from portal import catalog
from portal.catalog import ContentError, derive, load


def test_derive_changes_names_dates_and_years_but_never_cells():
    source = load("own_2021_township")  # 青溪县城关镇人民政府, 2021, published 2022-01-14
    derived = derive(source, agency="青溪县龙潭镇人民政府", title="青溪县龙潭镇2023年政府信息公开工作年度报告",
                     published="2024-01-19", year=2023, aliases={"城关镇": "龙潭镇"})
    assert derived["cells"] == source["cells"] and derived["raw_cells"] == source["raw_cells"]
    assert derived["content_id"] == "own_2021_township" and derived["year"] == 2023
    assert derived["closing"] == "青溪县龙潭镇人民政府\n2024年1月19日"
    assert "城关镇" not in derived["sections"]["s1"] and "龙潭镇" in derived["sections"]["s1"]
    assert derived["sections"]["s1"].startswith("2023年，龙潭镇")  # the source starts 2021年，城关镇


def test_year_shift_leaves_document_numbers_alone():
    source = load("own_2019_county")  # its preamble cites 国办公开办函〔2019〕60号 and 统计期限 2019
    derived = derive(source, agency="青溪县林业局", title="t", published="2021-01-10", year=2020)
    assert "〔2019〕60号" in derived["preamble"]
    assert "自2020年1月1日起至2020年12月31日止" in derived["preamble"]


def test_derive_refuses_a_year_outside_the_template_era():
    with pytest.raises(ContentError, match="template 2021 cannot report year 2019"):
        derive(load("own_2023_bureau"), agency="x", title="t", published="2020-01-10", year=2019)


def test_unknown_content_id_is_a_clear_error():
    with pytest.raises(ContentError, match="no content file with id 'nope'"):
        load("nope")


def test_malformed_content_file_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "broken.json").write_text('{"id": "broken", "agency": ', encoding="utf-8")
    monkeypatch.setattr(catalog, "CONTENT_DIR", tmp_path)
    catalog._load_all.cache_clear()
    try:
        with pytest.raises(ContentError, match="broken.json: unreadable content file"):
            catalog.content_ids()
        (tmp_path / "broken.json").write_text('{"id": "broken"}', encoding="utf-8")
        catalog._load_all.cache_clear()
        with pytest.raises(ContentError, match="broken.json: no 'agency'"):
            catalog.content_ids()
    finally:
        catalog._load_all.cache_clear()
