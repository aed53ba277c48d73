"""Sources to URLs: single URLs, local pages, folders of pages, URL lists and sources TOML files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
KINDS = ("url", "file", "directory", "urllist", "toml")


class SourceError(ValueError):
    """A source that cannot be read; the message tells the user what to fix."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    location: str  # URL or filesystem path
    language: str | None = None


@dataclass(frozen=True)
class DiscoveredUrl:
    url: str
    source: str
    language: str | None = None


def is_page_file(path: Path) -> bool:
    return path.name.lower().endswith(PAGE_SUFFIXES)


def classify(arg: str) -> Source:
    """Turn a command-line source argument into a Source."""
    if arg.startswith(("http://", "https://")):
        return Source(arg, "url", arg)
    if arg.startswith("file://"):
        return Source(arg, "url", arg)
    path = Path(arg).expanduser()
    if not path.exists():
        raise SourceError(f"source {arg!r}: no such file or directory "
                          "(give a URL, a page, a folder, a URL list or a .toml)")
    if path.is_dir():
        return Source(path.name, "directory", str(path.resolve()))
    if is_page_file(path):
        return Source(path.name, "file", str(path.resolve()))
    if path.suffix == ".toml":
        return Source(path.stem, "toml", str(path.resolve()))
    return Source(path.name, "urllist", str(path.resolve()))


def load_toml(path: Path) -> list[Source]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"sources file {path}: cannot read it ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"sources file {path}: not valid TOML ({exc})") from exc
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourceError(f"sources file {path}: expected [[source]] tables")
    out: list[Source] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise SourceError(f"sources file {path}: entry {i + 1} is not a table")
        kind = entry.get("kind")
        where = entry.get("url") or entry.get("path")
        name = entry.get("name") or f"source-{i + 1}"
        if kind not in KINDS or kind == "toml":
            raise SourceError(f"sources file {path}: source {name!r} has unknown kind {kind!r} "
                              f"(one of url, file, directory, urllist)")
        if not where:
            raise SourceError(f"sources file {path}: source {name!r} needs a url or path")
        if kind != "url":
            where = str((path.parent / where).resolve())
        out.append(Source(name, kind, where, entry.get("language")))
    return out


def discover(source: Source) -> list[DiscoveredUrl]:
    """List the URLs a source stands for (not yet canonicalised or deduplicated)."""
    if source.kind == "toml":
        return [u for s in load_toml(Path(source.location)) for u in discover(s)]
    if source.kind == "url":
        return [DiscoveredUrl(source.location, source.name, source.language)]
    path = Path(source.location)
    if source.kind == "file":
        # A missing local page still becomes a URL, so it ends as a `missing_file` reject.
        return [DiscoveredUrl(path.resolve().as_uri(), source.name, source.language)]
    if source.kind == "directory":
        if not path.is_dir():
            raise SourceError(f"source {source.name!r}: {path} is not a directory")
        files = sorted(p for p in path.rglob("*") if p.is_file() and is_page_file(p))
        return [DiscoveredUrl(p.resolve().as_uri(), source.name, source.language) for p in files]
    if source.kind == "urllist":
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(f"URL list {path}: cannot read it ({exc})") from exc
        urls = [ln.split("#", 1)[0].strip() for ln in lines]
        return [DiscoveredUrl(u, source.name, source.language) for u in urls if u]
    raise SourceError(f"source {source.name!r}: unknown kind {source.kind!r}")
