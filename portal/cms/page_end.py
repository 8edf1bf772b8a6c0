"""The end of a page as the Hanweb, VSB and gkmlpt templates print it, after the main content.

Each of those templates closes its pages the same way: the 友情链接 drop-downs, the
national platforms' links, a footer block (the site's statements, the 党政机关 badge, the
vendor's 技术支持 line where the template has one) and the inline scripts. Only the
wording of the links' title, the footer's class and the image directory differ, so one
builder serves them all; the pieces themselves come from :mod:`portal.cms.chrome`.
"""

from __future__ import annotations

from html import escape

from portal.cms.chrome import badges, footer_facts, friend_links, national_links, scripts


def page_end(name: str, domain: str, site_code: str, sponsor: str, icp: str, *, links_title: str = "相关链接",
             footer_class: str = "foot", images: str = "/images/", credit: str = "") -> str:
    """Links, footer and scripts of a site's page; ``credit`` is the template's 技术支持 line (none if empty)."""
    credit_line = f"<p>{escape(credit)}</p>\n" if credit else ""
    return f"""<div class="yqlj"><span class="yqlj-title">{escape(links_title)}</span>{friend_links(name, domain)}</div>
<div class="service-links">{national_links()}</div>
<div class="{footer_class}">
{footer_facts(name, domain, site_code, sponsor, icp, images=images)}
<div class="footer-badges">{badges(site_code)}</div>
{credit_line}</div>
{scripts(domain, site_code)}"""
