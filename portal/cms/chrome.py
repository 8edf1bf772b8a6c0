"""What every government page prints around its content, whatever CMS built it.

A real portal page is mostly template (domain.md §1.3, §4.1: Pingtan's 2019 report page
is 207 KB): a top bar with 无障碍/长者模式 switches, the 友情链接 drop-downs listing the
State Council departments, the provincial governments and the site's own departments
and townships, a footer with 主办单位/承办单位, address and telephone, 网站标识码,
ICP and 公安 备案 numbers, the 党政机关 badge and the national 找错 widget, plus the
inline scripts templates carry (statistics, page tools, share, font size, back-to-top).
Crawlers pay for that weight on every page, and extractors must see past it, so the
replica prints it too.

The pieces are plain string builders shared by the CMS templates (``trs_pages``,
``hanweb``, ``vsb``, ``gkmlpt``); each template arranges them in its own markup and
colours. Nothing here links to a page of the site itself (every replica link must
resolve), and nothing names a list element a script fills: only off-site addresses,
``javascript:`` actions and ``<select>`` options. Everything derives from the site's
name, domain and codes, so two builds are byte-identical.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

# 国务院部门 and their portals, as the 友情链接 drop-down lists them.
MINISTRIES = [
    ("外交部", "www.mfa.gov.cn"), ("国防部", "www.mod.gov.cn"), ("国家发展和改革委员会", "www.ndrc.gov.cn"),
    ("教育部", "www.moe.gov.cn"), ("科学技术部", "www.most.gov.cn"), ("工业和信息化部", "www.miit.gov.cn"),
    ("国家民族事务委员会", "www.neac.gov.cn"), ("公安部", "www.mps.gov.cn"), ("民政部", "www.mca.gov.cn"),
    ("司法部", "www.moj.gov.cn"), ("财政部", "www.mof.gov.cn"), ("人力资源和社会保障部", "www.mohrss.gov.cn"),
    ("自然资源部", "www.mnr.gov.cn"), ("生态环境部", "www.mee.gov.cn"), ("住房和城乡建设部", "www.mohurd.gov.cn"),
    ("交通运输部", "www.mot.gov.cn"), ("水利部", "www.mwr.gov.cn"), ("农业农村部", "www.moa.gov.cn"),
    ("商务部", "www.mofcom.gov.cn"), ("文化和旅游部", "www.mct.gov.cn"), ("国家卫生健康委员会", "www.nhc.gov.cn"),
    ("退役军人事务部", "www.mva.gov.cn"), ("应急管理部", "www.mem.gov.cn"), ("中国人民银行", "www.pbc.gov.cn"),
    ("审计署", "www.audit.gov.cn"), ("国务院国有资产监督管理委员会", "www.sasac.gov.cn"),
    ("海关总署", "www.customs.gov.cn"), ("国家税务总局", "www.chinatax.gov.cn"),
    ("国家市场监督管理总局", "www.samr.gov.cn"), ("国家金融监督管理总局", "www.nfra.gov.cn"),
    ("中国证券监督管理委员会", "www.csrc.gov.cn"), ("国家广播电视总局", "www.nrta.gov.cn"),
    ("国家体育总局", "www.sport.gov.cn"), ("国家统计局", "www.stats.gov.cn"), ("国家医疗保障局", "www.nhsa.gov.cn"),
    ("国家国际发展合作署", "www.cidca.gov.cn"), ("国家机关事务管理局", "www.ggj.gov.cn"),
    ("国家信访局", "www.gjxfj.gov.cn"), ("国家粮食和物资储备局", "www.lswz.gov.cn"), ("国家能源局", "www.nea.gov.cn"),
    ("国家林业和草原局", "www.forestry.gov.cn"), ("国家铁路局", "www.nra.gov.cn"), ("中国民用航空局", "www.caac.gov.cn"),
    ("国家邮政局", "www.spb.gov.cn"), ("国家文物局", "www.ncha.gov.cn"), ("国家中医药管理局", "www.natcm.gov.cn"),
    ("国家移民管理局", "www.nia.gov.cn"), ("国家知识产权局", "www.cnipa.gov.cn"),
    ("国家药品监督管理局", "www.nmpa.gov.cn"), ("国家外汇管理局", "www.safe.gov.cn"),
]
PROVINCES = [
    ("北京市", "www.beijing.gov.cn"), ("天津市", "www.tj.gov.cn"), ("河北省", "www.hebei.gov.cn"),
    ("山西省", "www.shanxi.gov.cn"), ("内蒙古自治区", "www.nmg.gov.cn"), ("辽宁省", "www.ln.gov.cn"),
    ("吉林省", "www.jl.gov.cn"), ("黑龙江省", "www.hlj.gov.cn"), ("上海市", "www.shanghai.gov.cn"),
    ("江苏省", "www.jiangsu.gov.cn"), ("浙江省", "www.zj.gov.cn"), ("安徽省", "www.ah.gov.cn"),
    ("福建省", "www.fujian.gov.cn"), ("江西省", "www.jiangxi.gov.cn"), ("山东省", "www.shandong.gov.cn"),
    ("河南省", "www.henan.gov.cn"), ("湖北省", "www.hubei.gov.cn"), ("湖南省", "www.hunan.gov.cn"),
    ("广东省", "www.gd.gov.cn"), ("广西壮族自治区", "www.gxzf.gov.cn"), ("海南省", "www.hainan.gov.cn"),
    ("重庆市", "www.cq.gov.cn"), ("四川省", "www.sc.gov.cn"), ("贵州省", "www.guizhou.gov.cn"),
    ("云南省", "www.yn.gov.cn"), ("西藏自治区", "www.xizang.gov.cn"), ("陕西省", "www.shaanxi.gov.cn"),
    ("甘肃省", "www.gansu.gov.cn"), ("青海省", "www.qinghai.gov.cn"), ("宁夏回族自治区", "www.nx.gov.cn"),
    ("新疆维吾尔自治区", "www.xinjiang.gov.cn"), ("新疆生产建设兵团", "www.xjbt.gov.cn"),
]
# A county or city government's working departments and the host names their sites used.
DEPARTMENTS = [
    ("发展和改革局", "fgj"), ("教育体育局", "jtj"), ("科学技术局", "kjj"), ("工业和信息化局", "gxj"), ("公安局", "gaj"),
    ("民政局", "mzj"), ("司法局", "sfj"), ("财政局", "czj"), ("人力资源和社会保障局", "rsj"), ("自然资源局", "zrzyj"),
    ("生态环境分局", "sthjj"), ("住房和城乡建设局", "zjj"), ("交通运输局", "jtysj"), ("水务局", "swj"),
    ("农业农村局", "nyncj"), ("商务局", "swuj"), ("文化和旅游局", "wlj"), ("卫生健康委员会", "wjw"),
    ("退役军人事务局", "tyjrswj"), ("应急管理局", "yjglj"), ("审计局", "sjj"), ("市场监督管理局", "scjgj"),
    ("统计局", "tjj"), ("医疗保障局", "ybj"), ("林业局", "lyj"), ("信访局", "xfj"), ("城市管理局", "cgj"),
    ("行政审批局", "xzspj"), ("乡村振兴局", "xczxj"), ("数据资源管理局", "sjzyj"),
]
TOWNSHIPS = [("城关镇", "cgz"), ("东城街道", "dcjd"), ("西城街道", "xcjd"), ("新华镇", "xhz"), ("河口镇", "hkz"),
             ("石桥镇", "sqz"), ("龙泉镇", "lqz"), ("白沙乡", "bsx"), ("青山乡", "qsx"), ("马田镇", "mtz"),
             ("黄土岭乡", "htlx"), ("清水塘镇", "qstz")]
ROADS = ["人民路", "政府街", "行政中心大道", "新华路", "文化路", "建设路", "解放大道"]
# National platforms every footer links to (off-site, as the real templates do).
NATIONAL = [("中国政府网", "https://www.gov.cn/"), ("国家政务服务平台", "http://gjzwfw.www.gov.cn/"),
            ("中央纪委国家监委网站", "https://www.ccdi.gov.cn/"),
            ("违法和不良信息举报中心", "https://www.12377.cn/")]
_PLACE = re.compile(r"^(.+?(?:自治州|自治县|地区|省|市|县|区))")


def _digits(*parts: str) -> int:
    """A stable number from text (for phone numbers, record codes, statistics ids)."""
    return int(hashlib.md5("|".join(parts).encode("utf-8")).hexdigest()[:12], 16)


def place_of(name: str) -> str:
    """The administrative area a site belongs to: 青溪县人民政府 → 青溪县, 云湖市交通运输局 → 云湖市."""
    found = _PLACE.match(name)
    return found.group(1) if found else name


def zone(domain: str) -> str:
    """The government's zone under gov.cn: ``www.qingxi.gov.cn`` → ``qingxi.gov.cn``."""
    return domain.removeprefix("www.")


def police_record(site_code: str) -> str:
    """A 公安机关备案号 (14 digits) for sites whose look does not state one."""
    return f"公网安备 {site_code[:6]}02{_digits(site_code, 'ga') % 10**6:06d}号"


def _select(label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{escape(url)}">{escape(name)}</option>' for name, url in options)
    return (f'<select onchange="openLink(this)" title="{escape(label)}"><option value="">{escape(label)}</option>'
            f"{items}</select>")


def friend_links(name: str, domain: str) -> str:
    """The 友情链接 drop-downs: State Council departments, provinces, local departments, townships."""
    place, local = place_of(name), zone(domain)
    groups = [
        ("国务院部门网站", [(n, f"http://{d}/") for n, d in MINISTRIES]),
        ("省级政府网站", [(f"{n}人民政府" if "兵团" not in n else n, f"http://{d}/") for n, d in PROVINCES]),
        (f"{place}部门网站", [(f"{place}{n}", f"http://{host}.{local}/") for n, host in DEPARTMENTS]),
        ("乡镇（街道）网站", [(f"{place}{n}", f"http://{domain}/xzjd/{host}/") for n, host in TOWNSHIPS]),
    ]
    return "".join(f'<div class="yqlj-item">{_select(label, options)}</div>' for label, options in groups)


def national_links() -> str:
    return " | ".join(f'<a href="{url}" target="_blank">{escape(n)}</a>' for n, url in NATIONAL)


def footer_facts(name: str, domain: str, site_code: str, sponsor: str, icp: str, police: str = "",
                 images: str = "/images/") -> str:
    """The footer's statements: who runs the site, where, how to reach them, its codes and records.

    ``images`` is the template's image directory (the 公安 备案 icon).
    """
    place = place_of(name)
    number = _digits(domain, "tel")
    phone = f"0{site_code[2:5]}-{number % 9_000_000 + 1_000_000}"
    road = ROADS[number % len(ROADS)]
    police = police or police_record(site_code)
    code = re.sub(r"\D", "", police)
    return f"""<p>主办单位：{escape(sponsor)}　承办单位：{escape(place)}大数据中心</p>
<p>地址：{escape(place)}{road}{number % 180 + 1}号　邮编：{site_code[:4]}00　联系电话：{phone}（工作日 8:30-12:00 14:30-17:30）</p>
<p>网站标识码：{site_code}　<a href="https://beian.miit.gov.cn/" target="_blank">{escape(icp)}</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={code}" target="_blank"><img src="{images}ga.png" alt="">{escape(police)}</a></p>
<p>建议使用1920×1080分辨率，IE10及以上版本浏览器浏览本站　本网站支持IPv6访问</p>"""


def badges(site_code: str) -> str:
    """The 党政机关 identification badge and the national 政府网站找错 widget, as their scripts."""
    conac = f"{_digits(site_code, 'conac') % 10**12:012d}"
    return (f'<span id="_ideConac"><script type="text/javascript" src="https://dcs.conac.cn/js/{site_code[:2]}/'
            f'{site_code[2:5]}/0000/{conac[:8]}/CA{site_code[:9]}{conac}0001.js"></script></span>'
            f'<span id="_span_jiucuo"><script id="_jiucuo_" sitecode="{site_code}" '
            'src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></span>')


def statistics(domain: str, site_code: str) -> str:
    """The visit statistics every portal embeds: Baidu 统计 and the provincial 站群 counter."""
    token = hashlib.md5(f"hm:{domain}".encode()).hexdigest()
    return f"""<script type="text/javascript">
var _hmt = _hmt || [];
(function() {{
  var hm = document.createElement("script");
  hm.src = "https://hm.baidu.com/hm.js?{token}";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
}})();
</script>
<script type="text/javascript">
(function () {{
  var img = new Image(), ref = encodeURIComponent(document.referrer || ""), url = encodeURIComponent(location.href);
  img.src = "https://tj.{zone(domain)}/stat/visit.gif?sitecode={site_code}&url=" + url + "&ref=" + ref +
    "&sw=" + screen.width + "&sh=" + screen.height + "&t=" + new Date().getTime();
}})();
</script>"""


PAGE_TOOLS = r"""<script type="text/javascript">
/* 页面公共脚本：导航、字号、长者模式、无障碍、二维码、返回顶部、友情链接 */
function openLink(sel) {
    var url = sel.options[sel.selectedIndex].value;
    if (url) { window.open(url); }
    sel.selectedIndex = 0;
}
function doZoom(size) {
    var box = document.querySelector(".TRS_Editor, #zoom, .v_news_content, .article-content");
    if (!box) { return; }
    box.style.fontSize = size + "px";
    var nodes = box.getElementsByTagName("*");
    for (var i = 0; i < nodes.length; i++) { nodes[i].style.fontSize = size + "px"; nodes[i].style.lineHeight = "1.8"; }
}
(function (w, d) {
    var store = w.localStorage || { getItem: function () { return null; }, setItem: function () {} };
    function toggle(cls, key) {
        var on = d.body.className.indexOf(cls) < 0;
        d.body.className = on ? (d.body.className + " " + cls) : d.body.className.replace(" " + cls, "");
        store.setItem(key, on ? "1" : "0");
    }
    function bind(id, cls, key) {
        var btn = d.getElementById(id);
        if (!btn) { return; }
        btn.onclick = function () { toggle(cls, key); return false; };
        if (store.getItem(key) === "1") { d.body.className += " " + cls; }
    }
    function ready() {
        bind("oldModeBtn", "old-mode", "gov_old_mode");
        bind("toolbarBtn", "aria-mode", "gov_aria_mode");
        var navs = d.querySelectorAll(".nav li, .menu a");
        for (var i = 0; i < navs.length; i++) {
            var a = navs[i].getElementsByTagName("a")[0] || navs[i];
            if (a.getAttribute("href") && location.pathname.indexOf(a.getAttribute("href")) === 0 && a.getAttribute("href") !== "/") {
                navs[i].className += " on";
            }
        }
        var codes = d.querySelectorAll("[data-qrcode]");
        for (var j = 0; j < codes.length; j++) {
            codes[j].onmouseover = function () { var p = this.getElementsByTagName("img")[0]; if (p) { p.style.visibility = "visible"; } };
            codes[j].onmouseout = function () { var p = this.getElementsByTagName("img")[0]; if (p) { p.style.visibility = "hidden"; } };
        }
        var top = d.getElementById("goTop");
        if (top) {
            w.onscroll = function () { top.style.visibility = (d.documentElement.scrollTop || d.body.scrollTop) > 300 ? "visible" : "hidden"; };
            top.onclick = function () { w.scrollTo(0, 0); return false; };
        }
        if (/MSIE [5-9]\./.test(navigator.userAgent)) {
            var tip = d.createElement("p");
            tip.className = "ie-tip";
            tip.innerHTML = "您的浏览器版本过低，部分功能可能无法正常使用，建议升级到IE10及以上版本或使用其他浏览器。";
            d.body.insertBefore(tip, d.body.firstChild);
        }
    }
    if (d.readyState === "loading") { d.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})(window, document);
window._bd_share_config = {"common": {"bdSnsKey": {}, "bdText": "", "bdMini": "2", "bdMiniList": false, "bdPic": "", "bdStyle": "0", "bdSize": "16"}, "share": {}};
</script>"""

CHROME_CSS = """.yqlj{{margin:10px auto;overflow:hidden}}.yqlj .yqlj-title{{float:left;width:90px;line-height:36px;color:{theme};font-weight:bold}}
.yqlj-item{{float:left;width:24%;margin-right:1%}}.yqlj-item select{{width:100%;height:34px;border:1px solid #ddd;color:#666;background:#fff}}
.service-links{{text-align:center;padding:8px 0;border-top:1px solid #e5e5e5}}.service-links a{{margin:0 8px;color:#555}}
.footer-badges{{text-align:center;padding:6px 0}}.footer-badges span{{display:inline-block;margin:0 10px;vertical-align:middle}}
.tool-bar{{float:right}}.tool-bar a{{margin-left:12px}}.tool-bar [data-qrcode]{{position:relative}}
.tool-bar [data-qrcode] img{{position:absolute;top:24px;left:-30px;width:100px;height:100px;visibility:hidden;border:1px solid #ddd;background:#fff;z-index:99}}
#goTop{{position:fixed;right:20px;bottom:60px;width:44px;height:44px;line-height:44px;text-align:center;background:{theme};color:#fff;visibility:hidden}}
body.old-mode{{font-size:20px!important}}body.old-mode a,body.old-mode p,body.old-mode span,body.old-mode li{{font-size:20px!important;line-height:1.8!important}}
body.aria-mode a:focus,body.aria-mode a:hover{{outline:3px solid #ff0;background:#000;color:#ff0}}
.ie-tip{{margin:0;padding:8px;text-align:center;background:#fff3cd;color:#856404;font-size:14px}}
@media screen and (max-width:768px){{.yqlj-item{{width:49%}}.tool-bar{{display:none}}}}"""


def chrome_css(theme: str) -> str:
    """The inline style of the shared pieces, in the site's own colour."""
    return f'<style type="text/css">\n{CHROME_CSS.format(theme=theme)}\n</style>'


def tool_links(domain: str, images: str = "/images/") -> str:
    """The top bar's switches and follow-us entries (``javascript:`` actions, QR images, mobile site)."""
    return (f'<span class="tool-bar"><a href="javascript:void(0);" id="toolbarBtn">无障碍浏览</a>'
            '<a href="javascript:void(0);" id="oldModeBtn">长者模式</a>'
            f'<a href="http://m.{zone(domain)}/" target="_blank">手机版</a>'
            f'<a href="javascript:void(0);" data-qrcode="wx">政务微信<img src="{images}wx.png" alt="政务微信"></a>'
            f'<a href="javascript:void(0);" data-qrcode="wb">政务微博<img src="{images}wb.png" alt="政务微博"></a>'
            "</span>")


def scripts(domain: str, site_code: str) -> str:
    """Everything a template ends its body with: page tools, statistics, back-to-top."""
    return f'<a href="javascript:void(0);" id="goTop" title="返回顶部">顶部</a>\n{PAGE_TOOLS}\n{statistics(domain, site_code)}'
