"""The daily digest page and its Prefect summary, built from plain data. Pure: no database, no files.

The page is self-contained: styles inline, charts inline SVG, no scripts, fonts or links to
anything outside the file, so it can be mailed, archived or opened offline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from analyst import digest_charts

HEALTH_METRICS = (("title", "title_rate"), ("date", "date_rate"), ("authors", "authors_rate"),
                  ("captions", "captions_rate"), ("quotes", "quotes_rate"), ("entities", "entities_rate"),
                  ("rejects", "reject_rate"))
TREND_DAYS = 14


@dataclass(frozen=True)
class Speaker:
    speaker: str
    quotes: int
    articles: int
    quote: str
    source: str | None


@dataclass(frozen=True)
class Digest:
    day: date
    summary: dict[str, int]
    per_source: list[tuple[str, int]] = field(default_factory=list)
    top_entities: list[tuple[str, int]] = field(default_factory=list)  # "Name (TYPE)", articles
    speakers: list[Speaker] = field(default_factory=list)
    trend: list[tuple[str, date, int]] = field(default_factory=list)  # entity, day, articles
    health: list[dict] = field(default_factory=list)  # extraction_health rows of one fetch day


def trend_series(rows: list[tuple[str, date, int]], last_day: date,
                 days: int = TREND_DAYS) -> tuple[list[date], dict[str, list[int]]]:
    """Rows to one value per day for each entity, with zeros on days it was not mentioned."""
    axis = [last_day - timedelta(days=days - 1 - i) for i in range(days)]
    index = {d: i for i, d in enumerate(axis)}
    series: dict[str, list[int]] = {}
    for name, day, articles in rows:
        values = series.setdefault(name, [0] * days)
        if day in index:
            values[index[day]] = articles
    return axis, series


def charts(d: Digest) -> dict[str, str]:
    """The four charts as inline SVG, keyed by a stable id."""
    axis, series = trend_series(d.trend, d.day)
    return {
        "sources": digest_charts.bar_chart([s for s, _ in d.per_source], [n for _, n in d.per_source],
                                           "Articles per source", salt="sources"),
        "entities": digest_charts.bar_chart([e for e, _ in d.top_entities], [n for _, n in d.top_entities],
                                            "Top entities (articles naming them)", salt="entities"),
        "speakers": digest_charts.bar_chart([s.speaker for s in d.speakers], [s.quotes for s in d.speakers],
                                            "Most-quoted speakers", salt="speakers", xlabel="quotes"),
        "trend": digest_charts.trend_chart(axis, series, f"Entity trend, {TREND_DAYS} days to {d.day}",
                                           salt="trend"),
    }


STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:60em;
color:#222;padding:0 1em}h1{margin-bottom:.2em}.sub{color:#666;margin-top:0}
.numbers{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}.numbers div{background:#f3f5f8;padding:.5em 1em;
border-radius:4px}.numbers b{display:block;font-size:1.5em}.charts{display:grid;
grid-template-columns:repeat(auto-fit,minmax(26em,1fr));gap:1em}figure{margin:0}figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.92em}th,td{border-bottom:1px solid #ddd;
padding:.35em .5em;text-align:left;vertical-align:top}td.num{text-align:right}td.drop{background:#f6c6c6;
color:#8a1111;font-weight:600}blockquote{margin:0;font-style:italic}.note{color:#666;font-size:.9em}
"""


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100):d}%"


def _speakers_table(speakers: list[Speaker]) -> str:
    if not speakers:
        return '<p class="note">No attributed quotes on this day.</p>'
    rows = "".join(
        f"<tr><td>{escape(s.speaker)}</td><td class=\"num\">{s.quotes}</td>"
        f"<td><blockquote>“{escape(s.quote)}”</blockquote></td><td>{escape(s.source or '')}</td></tr>"
        for s in speakers)
    return ("<table><thead><tr><th>speaker</th><th>quotes</th><th>one of them</th><th>source</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _health_cell(value: float | None, dropped: bool) -> str:
    if dropped:
        return f'<td class="num drop" title="dropped against the previous 7 days">{_pct(value)}</td>'
    return f'<td class="num">{_pct(value)}</td>'


def _health_table(health: list[dict]) -> str:
    if not health:
        return '<p class="note">No fetches recorded.</p>'
    head = "".join(f"<th>{name}</th>" for name, _ in HEALTH_METRICS)
    body = []
    for row in health:
        dropped = set(row.get("dropped") or [])
        cells = "".join(_health_cell(row.get(col), name in dropped) for name, col in HEALTH_METRICS)
        body.append(f"<tr><td>{escape(str(row['source']))}</td><td class=\"num\">{row['articles']}</td>"
                    f"<td class=\"num\">{row['rejects']}</td>{cells}</tr>")
    return (f"<table><thead><tr><th>source</th><th>articles</th><th>rejects</th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def render_html(d: Digest, svgs: dict[str, str] | None = None) -> str:
    """The whole page. `svgs` (from charts()) may be passed in when the caller already made them."""
    svgs = svgs if svgs is not None else charts(d)
    numbers = "".join(f"<div><b>{value}</b>{escape(name)}</div>" for name, value in d.summary.items())
    figures = "".join(f'<figure id="chart-{key}">{svg}</figure>' for key, svg in svgs.items())
    health_day = d.health[0]["day"] if d.health else None
    health_note = (f"Fetch day {health_day}. " if health_day else "") + (
        "Share of articles with each field; red cells fell 30 points or more below the source's "
        "average of the previous 7 days (rejects: rose), a typical sign of a changed page layout.")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>News digest {d.day}</title><style>{STYLE}</style></head><body>"
        f"<h1>News digest, {d.day:%A %d %B %Y}</h1><p class=\"sub\">Articles dated {d.day} (UTC).</p>"
        f"<section class=\"numbers\">{numbers}</section>"
        f"<section class=\"charts\">{figures}</section>"
        f"<h2>Most-quoted speakers</h2>{_speakers_table(d.speakers)}"
        f"<h2>Extraction health</h2><p class=\"note\">{escape(health_note)}</p>{_health_table(d.health)}"
        "</body></html>\n"
    )


def render_markdown(d: Digest, path: str) -> str:
    """The short summary published as a Prefect artifact next to the run."""
    lines = [f"# News digest {d.day}", "", "| | |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in d.summary.items()]
    if d.speakers:
        lines += ["", "Most quoted: " + ", ".join(f"{s.speaker} ({s.quotes})" for s in d.speakers[:5])]
    drops = [f"{r['source']}: {', '.join(r['dropped'])}" for r in d.health if r.get("dropped")]
    lines += ["", "Extraction drops: " + ("; ".join(drops) if drops else "none")]
    lines += ["", f"Digest page: `{path}`"]
    return "\n".join(lines) + "\n"
