"""A rich progress display for long terminal jobs (backfill): days done and left, pages/s, rejects, ETA.

While the bar is shown, Prefect's console log handlers print through the bar's console, so log
lines appear above the bar instead of being glued onto stale copies of it (measured: without this
the two tear each other). The handlers get their own consoles back when the bar closes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import date

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


def _prefect_console_handlers() -> list[logging.Handler]:
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers = [logging.getLogger()] + [lg for lg in logging.Logger.manager.loggerDict.values()
                                       if isinstance(lg, logging.Logger)]
    seen: dict[int, logging.Handler] = {}
    for lg in loggers:
        for h in lg.handlers:
            if isinstance(h, PrefectConsoleHandler):
                seen[id(h)] = h
    return list(seen.values())


class DayProgress:
    """Progress over day partitions. Use as a context manager; call `skipped`, `batch`, `day_done`."""

    def __init__(self, total_days: int, console: Console | None = None, enabled: bool = True):
        self.console = console or Console()
        self.enabled = enabled
        self.total = total_days
        self.pages = 0
        self.rejects_done = 0  # rejects of finished days
        self.rejects_open: dict[date, int] = {}  # rejects so far of each day in progress (on a cluster, several)
        self.busy_s = 0.0  # seconds during which some day was in progress (skipped days take none)
        self._day_t0: float | None = None  # when the days now in progress began to be
        self._current: date | None = None  # the day a `batch` without a day belongs to
        self._progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("days"),
            TextColumn("{task.fields[rate]:>6.1f} pages/s"), TextColumn("{task.fields[rejects]} rejects"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=self.console, disable=not enabled, transient=False)
        self._task = self._progress.add_task("backfill", total=total_days, rate=0.0, rejects=0)
        self._swapped: list[tuple[logging.Handler, Console]] = []

    def __enter__(self) -> DayProgress:
        if self.enabled:
            for h in _prefect_console_handlers():
                self._swapped.append((h, h.console))  # type: ignore[attr-defined]
                h.console = self.console  # type: ignore[attr-defined]
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()
        for h, console in self._swapped:
            h.console = console  # type: ignore[attr-defined]
        self._swapped.clear()

    def _refresh(self, description: str | None = None) -> None:
        busy = self.busy_s + (time.monotonic() - self._day_t0 if self._day_t0 else 0.0)
        rate, rejects = self.pages / busy if busy > 0 else 0.0, self.rejects_done + sum(self.rejects_open.values())
        self._progress.update(self._task, description=description, rate=rate, rejects=rejects)

    def _describe(self) -> str:
        days = sorted(self.rejects_open)
        if not days:
            return "backfill"
        return f"day {days[0]}" if len(days) == 1 else f"days {days[0]} .. {days[-1]} ({len(days)} in flight)"

    def day_started(self, day: date) -> None:
        if not self.rejects_open:
            self._day_t0 = time.monotonic()
        self.rejects_open[day] = 0
        self._current = day
        self._refresh(self._describe())

    def batch(self, pages: int, counts: Mapping[str, int], day: date | None = None) -> None:
        """Pages just loaded for `day` (default: the day started last) and that day's counts so far."""
        self.pages += pages
        key = day if day is not None else self._current
        if key is not None:
            self.rejects_open[key] = int(counts.get("rejects", 0))
        self._refresh()

    def day_done(self, day: date, counts: Mapping[str, object], status: str) -> None:
        self.rejects_done += self.rejects_open.pop(day, 0)
        if not self.rejects_open and self._day_t0 is not None:
            self.busy_s += time.monotonic() - self._day_t0
            self._day_t0 = None
        self._progress.advance(self._task)
        self._refresh(self._describe())
        self.say(f"day {day}: {status}, {counts.get('urls', 0)} urls, {counts.get('fetched', 0)} fetched, "
                 f"{counts.get('articles', 0)} articles, {counts.get('rejects', 0)} rejects")

    def skipped(self, days: list[date]) -> None:
        # Not on the bar: days that took no time would make the ETA lie. The bar counts days to do.
        if days:
            self.say(f"{len(days)} day(s) already done, skipped ({days[0]} .. {days[-1]}); --force redoes them")

    def say(self, line: str) -> None:
        if self.enabled:
            self.console.print(line, highlight=False, markup=False)
