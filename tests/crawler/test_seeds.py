import pytest

from crawler.seeds import SeedError, read_seeds, seeds_from_args


def test_text_seed_file_with_comments(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("# portal\nhttp://127.0.0.1:8001/  # county\n\nhttp://127.0.0.1:8002/\n", encoding="utf-8")
    assert [s.url for s in read_seeds(path)] == ["http://127.0.0.1:8001/", "http://127.0.0.1:8002/"]


def test_csv_seed_file_reads_home_url_and_name(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("name,home_url,region_code\n北京市人民政府,https://www.beijing.gov.cn/,110000\n", encoding="utf-8")
    [seed] = read_seeds(path)
    assert seed.url == "https://www.beijing.gov.cn/" and seed.name == "北京市人民政府"


def test_bundled_real_world_seed_list_is_usable():
    seeds = read_seeds("seeds/cn-gov-portals.csv")
    assert len(seeds) >= 100 and len({s.url for s in seeds}) == len(seeds)


@pytest.mark.parametrize("content,suffix", [("name,url\nx,http://a/\n", ".csv"), ("ftp://a/\n", ".txt"), ("not a url\n", ".txt")])
def test_bad_seed_files_say_what_is_wrong(tmp_path, content, suffix):
    path = tmp_path / f"s{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SeedError) as error:
        read_seeds(path)
    assert str(path) in str(error.value)


def test_missing_seed_file(tmp_path):
    with pytest.raises(SeedError, match="not found"):
        read_seeds(tmp_path / "nope.txt")


def test_arguments_and_file_are_merged_without_duplicates(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("http://a.gov.cn/\n", encoding="utf-8")
    assert [s.url for s in seeds_from_args(["http://a.gov.cn/", "http://b.gov.cn/"], path)] == [
        "http://a.gov.cn/", "http://b.gov.cn/"]
