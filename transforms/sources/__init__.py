"""What to fetch: feeds, sitemaps, robots.txt, safe XML parsing and incremental re-fetch planning."""

from transforms.sources.feeds import parse_feed
from transforms.sources.incremental import HISTORY, RefetchPolicy, plan_fetches
from transforms.sources.robots import ALLOW_ALL, DISALLOW_ALL, Robots, parse_robots
from transforms.sources.sitemaps import MAX_SITEMAP_BYTES, looks_like_sitemap, parse_sitemap
from transforms.sources.xmlsafe import BadDocument, UnsafeXml, in_window, parse_w3c_datetime

__all__ = [
    "ALLOW_ALL",
    "DISALLOW_ALL",
    "HISTORY",
    "MAX_SITEMAP_BYTES",
    "BadDocument",
    "RefetchPolicy",
    "Robots",
    "UnsafeXml",
    "in_window",
    "looks_like_sitemap",
    "parse_feed",
    "parse_robots",
    "parse_sitemap",
    "parse_w3c_datetime",
    "plan_fetches",
]
