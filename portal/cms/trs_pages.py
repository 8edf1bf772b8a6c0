"""The page chrome of a TRS-built government site: header, navigation, footer, assets.

Real pages wrap a little content in a lot of template: a date bar, 无障碍/长者模式 links, a
search form posting to TRS's ``/was5/web/search``, the navigation bar, 友情链接 drop-downs,
and a footer with 主办单位, 网站标识码, ICP/公安备案 and the national 找错 badge linking
off-site. Crawlers and extractors have to see past it, so the replica prints it too: the
pieces every CMS shares come from :mod:`portal.cms.chrome`, arranged here in TRS's red
county template. Everything is plain string building; a site chooses its name, domain
and navigation through :class:`SiteLook`.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from datetime import timezone
from html import escape

from portal.clock import CST
from portal.cms.chrome import (
    badges,
    chrome_css,
    footer_facts,
    friend_links,
    national_links,
    scripts,
    tool_links,
)


@dataclass
class SiteLook:
    """What a site's template prints about the site itself."""

    name: str  # 梧桐县人民政府
    domain: str  # canonical host printed in metas, never contacted
    site_code: str  # 网站标识码 (10 digits)
    site_id: int
    sponsor: str  # 主办单位
    icp: str
    police: str
    nav: list[tuple[str, str]] = field(default_factory=list)  # (label, absolute path)
    search_channel: int = 246135
    related: list[tuple[str, str]] = field(default_factory=list)  # 相关链接 under every article (off-site)
    tz: timezone = CST


def page(look: SiteLook, title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    """A whole HTML page around ``body``: TRS's red county template with the shared chrome."""
    nav = "".join(f'<li><a href="{p}">{escape(label)}</a></li>' for label, p in look.nav)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="renderer" content="webkit">
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no">
<title>{escape(title)}</title>
{head}
<link href="/css/style.css" rel="stylesheet" type="text/css">
{chrome_css("#b40000")}
<!--[if lt IE 9]>
<script src="/js/html5shiv.min.js"></script>
<script src="/js/respond.min.js"></script>
<![endif]-->
<script type="text/javascript" src="/js/page.js"></script>
</head>
<body>
<div class="top-bar"><div class="w1200">
<span class="today"><script type="text/javascript">var d=new Date();document.write("今天是"+d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日");</script></span>
{tool_links(look.domain)}
</div></div>
<div class="header"><div class="w1200">
<div class="logo"><a href="/">{escape(look.name)}</a></div>
<form class="search-box" name="searchform" action="/was5/web/search" method="get" target="_blank" onsubmit="return this.searchword.value.replace(/\\s+/g, '') !== '';">
<input type="hidden" name="channelid" value="{look.search_channel}">
<input type="text" name="searchword" placeholder="请输入关键字">
<input type="submit" value="搜索">
<a href="/was5/web/search?channelid={look.search_channel}&amp;templet=advsch.jsp" target="_blank">高级检索</a>
</form>
</div></div>
<div class="nav"><ul class="w1200">{nav}</ul></div>
<div class="main w1200">
{body}
</div>
<div class="yqlj w1200"><span class="yqlj-title">友情链接</span>{friend_links(look.name, look.domain)}</div>
<div class="service-links w1200">{national_links()}</div>
<div class="footer"><div class="w1200">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/mzsm/">免责声明</a></p>
{footer_facts(look.name, look.domain, look.site_code, look.sponsor, look.icp, look.police)}
<div class="footer-badges">{badges(look.site_code)}<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={look.site_code}&amp;url=http%3A%2F%2F{look.domain}%2F" target="_blank"><img src="/images/qrcode.png" alt="政府网站找错"></a></div>
</div></div>
{scripts(look.domain, look.site_code)}
</body>
</html>
"""


def not_found_page(look: SiteLook) -> str:
    """The 404 page TRS sites show (a real page with chrome, not a bare status)."""
    body = """<div class="error-page">
<h2>对不起，您访问的页面不存在或已被删除！</h2>
<p>可能原因：网址有错误，请检查地址是否完整；该页面已被删除或移动。</p>
<p><a href="/">返回首页</a></p>
</div>"""
    return page(look, f"页面不存在_{look.name}", body)


def robots_txt(disallow: list[str]) -> str:
    return "User-agent: *\n" + "".join(f"Disallow: {p}\n" for p in disallow)


STYLE_CSS = """@charset "utf-8";
body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,sans-serif;color:#333;background:#f5f5f5}
a{color:#333;text-decoration:none}a:hover{color:#c00}
.w1200{width:1200px;margin:0 auto}
.top-bar{background:#eee;height:32px;line-height:32px;font-size:12px}
.header{background:#b40000;height:120px;color:#fff}.logo a{color:#fff;font-size:36px;line-height:120px}
.search-box{float:right;margin-top:-80px}
.nav{background:#8f0000}.nav li{display:inline-block;padding:0 28px}.nav a{color:#fff;font-size:16px;line-height:48px}
.main{background:#fff;padding:20px;min-height:600px}
.breadcrumb{border-bottom:1px solid #ddd;padding-bottom:8px;margin-bottom:16px}
.left-nav{float:left;width:220px}.list-box{margin-left:250px}
.list-ul li{border-bottom:1px dashed #ddd;list-style:none}.list-ul li span{float:right;color:#999}
.page-box a,.page-box span{margin:0 4px}
.article-title{text-align:center;font-size:24px}.article-info{text-align:center;color:#888}
.article-info span{margin:0 10px}.TRS_Editor{font-size:16px}
.TRS_Editor table{margin:0 auto}
.footer{background:#8f0000;color:#fff;text-align:center;padding:20px 0}.footer a{color:#fff}
"""


def _png(size: int = 21) -> bytes:
    """A small black-and-white PNG (the QR code placeholder), built byte for byte."""
    rows = b"".join(b"\x00" + bytes(0 if (x * y + x + y) % 3 == 0 else 255 for x in range(size))
                    for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


QR_PNG = _png()
