"""南岭市人民政府: a Guangdong city portal whose 政府信息公开 is gkmlpt (domain.md §2.6).

The home page links 政府信息公开 to the city's gkmlpt (``/gkmlpt/index``) and, under
政府信息公开目录, a department's own gkmlpt (``/nlfgj/gkmlpt/index``). No list exists in
HTML: the shells carry only ``window._CONFIG`` (SID, TREE) and the lists come from
``api/all/<column>?page=&sid=`` JSON. The city files its reports in a separate
政府信息公开年报 column; the department has no such column and files its reports under
其他 among more than a hundred ordinary documents, so that column needs two API pages and
its oldest report is only on the second. One city report is only a PDF attachment.
Look-alikes (a notice about compiling reports, 工作要点, 解读, a 企业年报 notice) sit next to
the reports; the shells' unrendered templates (``{{item.url}}``) must never be fetched.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

from portal.catalog import derive, load
from portal.clock import CST, office_time, stable
from portal.cms.gkmlpt import (
    Article,
    Attachment,
    Column,
    Host,
    Instance,
    attachment_path,
    publish_instance,
    publish_static,
    shell_page,
)
from portal.render.html import render_report_html
from portal.render.pdf import render_report_pdf
from portal.site import NoiseItem, Resource, Site, TruthReport

KEY = "nanling"
SITE_NAME = "南岭市人民政府"
CITY = "南岭市人民政府"
DEPT = "南岭市发展和改革局"
CITY_CODE = "11441900007217395K"
HOST = Host(SITE_NAME, "www.nanling.gov.cn", "4419000013", "粤ICP备05083214号")
DEPT_CODE = "11441900007217440R"

# (content id, agency, report year, published, form)
CITY_REPORTS = [
    ("own_2019_county", CITY, 2019, "2020-03-27", "html"),
    ("own_2019_bureau", CITY, 2020, "2021-03-26", "html"),
    ("own_2021_inconsistent", CITY, 2021, "2022-03-25", "html"),
    ("own_2023_bureau", CITY, 2022, "2023-03-24", "html"),
    ("sample_000", CITY, 2023, "2024-03-22", "pdf"),
    ("own_2021_placeholders", CITY, 2024, "2025-03-21", "html"),
]
DEPT_REPORTS = [
    ("sample_002", DEPT, 2021, "2022-01-20", "html"),
    ("own_2023_bureau", DEPT, 2022, "2023-01-16", "html"),
    ("sample_003", DEPT, 2023, "2024-01-19", "html"),
    ("own_2021_inconsistent", DEPT, 2024, "2025-01-24", "html"),
]
CITY_NOISE = [
    ("关于做好2024年度政府信息公开工作年度报告编制和发布工作的通知", "2025-01-08"),
    ("图解：南岭市人民政府2023年政府信息公开工作年度报告", "2024-03-29"),
    ("南岭市2024年政务公开工作要点", "2024-05-17"),
]
DEPT_NOISE = [
    ("南岭市发展和改革局2023年政务公开工作要点", "2023-04-20"),
    ("关于做好2022年度企业年度报告公示工作的通知", "2023-02-14"),
]
# Ordinary documents of the department's 其他 column: (title pattern, count).
PROJECTS = ["南岭港区疏港公路", "城西污水处理厂扩建", "市第三人民医院门诊楼", "高新区标准厂房", "东江堤防加固",
            "滨江220千伏输变电", "城北片区棚户区改造", "南岭大道快速化改造", "中心城区停车场", "西江航道整治",
            "工业园区集中供热", "市职业技术学院实训楼", "农村供水一体化", "城乡生活垃圾转运站"]
DOC_FORMS = ["南岭市发展和改革局关于{p}项目核准的批复", "关于{p}项目可行性研究报告的批复", "{p}项目节能审查意见",
             "关于下达{p}项目投资计划的通知"]


def _report(content_id: str, agency: str, year: int, published: str) -> dict:
    title = f"{agency}{year}年政府信息公开工作年度报告"
    return derive(load(content_id), agency=agency, title=title, published=published, year=year,
                  suffix=f"{agency}{year}")


def _text(lines: list[str]) -> str:
    return "".join(f'<p style="text-indent:2em">{escape(line)}</p>' for line in lines)


class _Ids:
    """Post and attachment ids that grow the way a live platform's do."""

    def __init__(self, post: int, attachment: int) -> None:
        self.post, self.attachment = post, attachment

    def next_post(self, key: str) -> int:
        self.post += 11 + stable(key) % 900
        return self.post

    def next_attachment(self) -> int:
        self.attachment += 17
        return self.attachment


def _identifier(code: str, day: datetime, seq: int) -> str:
    return f"{code}/{day.year}-{seq:05d}"


def _reports(column: Column, plan: list[tuple[str, str, int, str, str]], code: str,
             ids: _Ids) -> list[tuple[Article, dict, str]]:
    made = []
    for n, (content_id, agency, year, published, form) in enumerate(plan):
        report = _report(content_id, agency, year, published)
        when = office_time(published, report["id"])
        article = Article(0, report["title"], when, agency, _identifier(code, when, 7 + n), "")
        if form == "pdf":
            article.content_html = _text([f"{report['title']}详见附件。"])
            article.attachments.append(Attachment(ids.next_attachment(), f"{report['title']}.pdf",
                                                  render_report_pdf(report)))
        else:
            article.content_html = render_report_html(report)
        column.articles.append(article)
        made.append((article, report, form))
    return made


def _noise(column: Column, items: list[tuple[str, str]], publisher: str, code: str) -> list[Article]:
    made = []
    for n, (title, day) in enumerate(items):
        when = office_time(day, title)
        lines = [f"{title}。", "请各单位认真贯彻落实，按时完成相关工作。", publisher]
        made.append(Article(0, title, when, publisher, _identifier(code, when, 300 + n), _text(lines)))
    column.articles += made
    return made


def _ordinary(count: int, start: date, publisher: str, code: str) -> list[Article]:
    """Ordinary 政务 documents, one every ten days or so from ``start``."""
    made = []
    for n in range(count):
        title = DOC_FORMS[n % len(DOC_FORMS)].format(p=PROJECTS[(n * 5) % len(PROJECTS)])
        title = f"{title}（{n // len(PROJECTS) + 1}）" if n >= len(PROJECTS) else title
        when = office_time((start + timedelta(days=9 * n + n % 4)).isoformat(), title)
        number = f"南发改〔{when.year}〕{40 + n}号"
        body = _text([f"{title}。", "经研究，现批复如下：", "一、同意项目按有关规定组织实施。", publisher])
        made.append(Article(0, title, when, publisher, _identifier(code, when, 500 + n), body, [], number))
    return made


def _assign_ids(instance: Instance, ids: _Ids) -> None:
    articles = sorted((a for c in instance.columns for a in c.articles), key=lambda a: (a.published, a.title))
    for article in articles:
        article.post_id = ids.next_post(article.title)


def _city(ids: _Ids) -> tuple[Instance, list[tuple[Article, dict, str]], list[Article]]:
    nianbao = Column(2711, "政府信息公开年报", parent=2710)
    columns = [Column(2701, "机构职能"), Column(2702, "政策文件"), Column(2703, "市政府文件", 2702),
               Column(2704, "市政府办公室文件", 2702), Column(2705, "规划计划"), Column(2706, "统计信息"),
               Column(2710, "其他"), nianbao]
    instance = Instance("/", "755034", CITY, HOST, columns)
    reports = _reports(nianbao, CITY_REPORTS, CITY_CODE, ids)
    noise = _noise(nianbao, CITY_NOISE, "南岭市人民政府办公室", CITY_CODE)
    for column, titles in [(columns[0], ["南岭市人民政府工作部门机构职能"]),
                           (columns[2], ["南岭市人民政府关于印发南岭市国土空间总体规划的通知"]),
                           (columns[3], ["南岭市人民政府办公室关于做好防汛防风工作的通知"]),
                           (columns[4], ["南岭市国民经济和社会发展第十四个五年规划纲要"]),
                           (columns[5], ["2024年南岭市国民经济和社会发展统计公报"])]:
        for title in titles:
            when = office_time("2024-06-18", title)
            column.articles.append(Article(0, title, when, "南岭市人民政府办公室",
                                           _identifier(CITY_CODE, when, 900), _text([title])))
    return instance, reports, noise


def _department(ids: _Ids) -> tuple[Instance, list[tuple[Article, dict, str]], list[Article]]:
    other = Column(3104, "其他")
    columns = [Column(3101, "机构职能"), Column(3102, "政策文件"), Column(3103, "规划计划"), other]
    instance = Instance("/nlfgj/", "755061", DEPT, HOST, columns)
    reports = _reports(other, DEPT_REPORTS, DEPT_CODE, ids)
    noise = _noise(other, DEPT_NOISE, DEPT, DEPT_CODE)
    other.articles += _ordinary(104, date(2022, 3, 1), DEPT, DEPT_CODE)
    columns[0].articles += _ordinary(2, date(2021, 5, 1), DEPT, DEPT_CODE)
    rules = office_time("2023-07-03", "规程")
    columns[1].articles.append(Article(0, "南岭市发展和改革局关于印发价格监测工作规程的通知", rules, DEPT,
                                       _identifier(DEPT_CODE, rules, 1), _text(["价格监测工作规程。"])))
    return instance, reports, noise


def _home(site: Site, modified: datetime) -> None:
    body = """<div class="nav"><a href="/">首页</a><a href="/ywdt/">要闻动态</a><a href="/gkmlpt/index">政府信息公开</a>
<a href="/zwfw/">政务服务</a><a href="/hdjl/">互动交流</a></div>
<div class="home-box"><h3>政府信息公开目录</h3><ul>
<li><a href="/gkmlpt/index">南岭市人民政府政府信息公开目录</a></li>
<li><a href="/nlfgj/gkmlpt/index">市发展和改革局政府信息公开目录</a></li></ul></div>
<div class="home-box"><h3>要闻动态</h3><ul><li><a href="/ywdt/">南岭市召开全市优化营商环境大会</a></li></ul></div>"""
    site.add("/index.html", Resource(shell_page(HOST, SITE_NAME, body).encode("utf-8"),
                                     "text/html; charset=utf-8", modified))
    for path, title in [("/ywdt/", "要闻动态"), ("/zwfw/", "政务服务"), ("/hdjl/", "互动交流")]:
        page = shell_page(HOST, f"{title}-{SITE_NAME}", f'<div class="nav"><a href="/">首页</a></div><h2>{title}</h2>')
        site.add(path + "index.html", Resource(page.encode("utf-8"), "text/html; charset=utf-8", modified))


def build(epoch: int = 1) -> Site:
    """The city portal with two gkmlpt instances (the same in every epoch)."""
    site = Site(key=KEY, name=SITE_NAME, platform="gkmlpt", domain=HOST.domain, server="nginx")
    ids = _Ids(3_255_000, 306_700)
    city, city_reports, city_noise = _city(ids)
    dept, dept_reports, dept_noise = _department(ids)
    for instance in (city, dept):
        _assign_ids(instance, ids)
        publish_instance(site, instance)
    for instance, reports, noise in ((city, city_reports, city_noise), (dept, dept_reports, dept_noise)):
        for article, report, form in reports:
            page_path = instance.article_path(article)
            doc = attachment_path(article, article.attachments[0]) if article.attachments else page_path
            site.reports.append(TruthReport.of(report, page_path, doc, form))
        site.noise += [NoiseItem(instance.article_path(a), a.title) for a in noise]
    newest = max(a.published for i in (city, dept) for c in i.columns for a in c.articles)
    since = datetime(2019, 1, 1, tzinfo=CST)
    publish_static(site, since)
    _home(site, newest)
    site.not_found = Resource(shell_page(HOST, "404", "<h2>页面不存在</h2>").encode("utf-8"),
                              "text/html; charset=utf-8", since, status=404)
    return site
