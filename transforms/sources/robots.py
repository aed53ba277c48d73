"""robots.txt (RFC 9309): groups per user agent, Allow/Disallow with * and $, longest match wins,
Allow wins a tie; Crawl-delay as the common extension. Pure: text in, a Robots object out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: str


@dataclass
class Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


@dataclass(frozen=True)
class Robots:
    groups: tuple[Group, ...] = ()
    allow_all: bool = False
    disallow_all: bool = False

    def _groups_for(self, token: str) -> list[Group]:
        token = token.lower()
        mine = [g for g in self.groups if any(a != "*" and token.startswith(a) for a in g.agents)]
        return mine or [g for g in self.groups if "*" in g.agents]

    def allowed(self, token: str, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all:
            return True
        parts = urlsplit(url)
        path = _norm((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))
        if path == "/robots.txt":
            return True
        best: Rule | None = None
        for group in self._groups_for(token):
            for rule in group.rules:
                if _matches(rule.pattern, path) and (
                        best is None or len(rule.pattern) > len(best.pattern)
                        or (len(rule.pattern) == len(best.pattern) and rule.allow)):
                    best = rule
        return best is None or best.allow

    def crawl_delay(self, token: str) -> float | None:
        delays = [g.crawl_delay for g in self._groups_for(token) if g.crawl_delay is not None]
        return max(delays) if delays else None


def _norm(path: str) -> str:
    # Compare decoded paths so /a%2Db and /a-b match the same rule.
    return unquote(path)


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = re.escape(pattern.rstrip("$")).replace(r"\*", ".*")
    return re.compile(body + ("$" if anchored else ""))


def _matches(pattern: str, path: str) -> bool:
    return bool(_regex(_norm(pattern)).match(path))


def parse_robots(text: str) -> Robots:
    groups: list[Group] = []
    current: Group | None = None
    last_was_agent = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (s.strip() for s in line.split(":", 1))
        key = key.lower()
        if key in ("user-agent", "useragent"):
            if current is None or not last_was_agent:
                current = Group()
                groups.append(current)
            current.agents.append(value.lower())
            last_was_agent = True
            continue
        last_was_agent = False
        if current is None:
            continue
        if key in ("allow", "disallow"):
            if value:  # an empty Disallow allows everything: no rule
                current.rules.append(Rule(key == "allow", value if value.startswith(("/", "*")) else "/" + value))
        elif key == "crawl-delay":
            try:
                current.crawl_delay = max(0.0, float(value))
            except ValueError:
                pass
    return Robots(tuple(groups))


ALLOW_ALL = Robots(allow_all=True)
DISALLOW_ALL = Robots(disallow_all=True)
