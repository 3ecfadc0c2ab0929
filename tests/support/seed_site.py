"""The seeds as a news site: an RSS feed, a JSON Feed and a news sitemap of one HTML
page per seed article.

Each page is what a news site would serve for that article: the headline, the
outlet, byline and date as page metadata, the body as paragraphs, and real-world
boilerplate around it (navigation, cookie banner, share buttons, related stories,
newsletter box, footer). The body and metadata come from replaying the seed file
through the pure stages, so the test that uses this site checks that the feed path
(fetch, trafilatura, boilerplate removal) recovers the same article as the file path.
"""

from __future__ import annotations

import html
import json
from email.utils import format_datetime
from pathlib import Path

from pipeline.stages.extract import Extracted, extract
from pipeline.stages.identify import detect_language
from schemas import DocumentKind, RawDocument
from tests.conftest import SEEDS
from tests.support.web import Reply, Resource, Site


def replayed_seeds() -> list[tuple[str, Extracted]]:
    """(slug, what the file path extracts) for each seed, in file order."""
    out = []
    for path in sorted(Path(SEEDS).glob("*.txt")):
        raw = RawDocument(origin=str(path), kind=DocumentKind.PLAIN_TEXT, payload=path.read_text())
        out.append((path.stem, extract(raw)))
    return out


def seed_page(doc: Extracted) -> bytes:
    title = html.escape(doc.title)
    meta = [f'<meta property="og:title" content="{title}">']
    if doc.source:
        meta.append(f'<meta property="og:site_name" content="{html.escape(doc.source)}">')
    for author in doc.authors:
        meta.append(f'<meta name="author" content="{html.escape(author)}">')
    if doc.published_at:
        meta.append(
            f'<meta property="article:published_time" content="{doc.published_at.isoformat()}">'
        )
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in doc.text.split("\n") if line)
    # Two seeds have no headline: their title is their lead sentence, which the body
    # already starts with. Such a page shows no separate <h1>; the others do.
    headline = "" if doc.text.startswith(doc.title) else f"<h1>{title}</h1>"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
{chr(10).join(meta)}
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a>
<a href="/economy">Economy</a> <a href="/login">Log in</a></nav></header>
<main><article>
{headline}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a>
<a href="#">Email</a></div>
{paragraphs}
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Markets close higher</a></li>
<li><a href="/b">Weather: a hot week ahead</a></li></ul></aside>
<div class="newsletter"><h2>Newsletter</h2><form><input type="email"><button>Subscribe</button>
</form></div></main>
<footer><p>© 2025 Seed News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>""".encode()


def seed_feed(site: Site, seeds: list[tuple[str, Extracted]]) -> bytes:
    items = []
    for slug, doc in seeds:
        date = f"<pubDate>{format_datetime(doc.published_at)}</pubDate>" if doc.published_at else ""
        lead = html.escape(doc.text.split("\n", 1)[0])
        items.append(
            f"<item><title>{html.escape(doc.title)}</title><link>{site.url('/' + slug)}</link>"
            f"<guid>{site.url('/' + slug)}</guid>{date}<description>{lead}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Seed News</title><link>{site.base_url}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def seed_keywords(slug: str) -> tuple[str, ...]:
    """The keywords the news sitemap gives a seed (to see them arrive as tags)."""
    return ("seeds", f"seed-{slug[:3]}")


def seed_news_sitemap(site: Site, seeds: list[tuple[str, Extracted]]) -> bytes:
    """A Google News sitemap of the seed pages: title, date, language, keywords."""
    urls = []
    for slug, doc in seeds:
        date = (
            f"<news:publication_date>{doc.published_at.isoformat()}</news:publication_date>"
            if doc.published_at
            else ""
        )
        urls.append(
            f"<url><loc>{site.url('/' + slug)}</loc><news:news><news:publication>"
            f"<news:name>Seed News</news:name>"
            f"<news:language>{detect_language(doc.text)}</news:language></news:publication>"
            f"{date}<news:title>{html.escape(doc.title)}</news:title>"
            f"<news:keywords>{', '.join(seed_keywords(slug))}</news:keywords></news:news></url>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{''.join(urls)}</urlset>"
    ).encode()


def seed_json_feed(site: Site, seeds: list[tuple[str, Extracted]], version: str = "1.1") -> bytes:
    """A JSON Feed of the seed pages; 1.1 names ``authors``, 1.0 one ``author``."""
    items = []
    for slug, doc in seeds:
        item: dict[str, object] = {
            "id": site.url("/" + slug),
            "url": site.url("/" + slug),
            "title": doc.title,
            "content_text": doc.text.split("\n", 1)[0],
        }
        if doc.published_at:
            item["date_published"] = doc.published_at.isoformat()
        if doc.authors and version == "1.1":
            item["authors"] = [{"name": name} for name in doc.authors]
        elif doc.authors:
            item["author"] = {"name": doc.authors[0]}
        items.append(item)
    feed = {
        "version": f"https://jsonfeed.org/version/{version}",
        "title": "Seed News",
        "home_page_url": f"{site.base_url}/",
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False).encode()


def stage_seed_site(site: Site) -> tuple[str, list[tuple[str, Extracted]]]:
    """Serve the seed pages and their feed; returns the feed URL and the replayed seeds."""
    seeds = replayed_seeds()
    site.add("/robots.txt", Reply(404, b""))
    for slug, doc in seeds:
        site.add(f"/{slug}", Reply(body=seed_page(doc)))
    return site.add("/seeds.xml", Resource(seed_feed(site, seeds))), seeds


def stage_seed_feeds(site: Site) -> dict[str, str]:
    """The seed site with all three feeds and a home page that links two of them; the
    sitemap only in robots.txt. Returns the feed URL of each type."""
    rss, seeds = stage_seed_site(site)
    json_feed = site.add(
        "/feed.json", Resource(seed_json_feed(site, seeds), "application/feed+json")
    )
    sitemap = site.add(
        "/news-sitemap.xml", Resource(seed_news_sitemap(site, seeds), "application/xml")
    )
    robots = f"User-agent: *\nDisallow: /private/\nSitemap: {sitemap}\n"
    site.add("/robots.txt", Reply(body=robots.encode(), content_type="text/plain"))
    home = (
        "<!DOCTYPE html><html><head><title>Seed News</title>"
        '<link rel="alternate" type="application/rss+xml" title="Seed News" href="/seeds.xml">'
        '<link rel="alternate" type="application/feed+json" title="Seed News" href="/feed.json">'
        "</head><body><h1>Seed News</h1></body></html>"
    )
    site.add("/", Reply(body=home.encode()))
    return {"rss": rss, "jsonfeed": json_feed, "sitemap": sitemap}
