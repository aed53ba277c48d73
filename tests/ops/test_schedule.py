"""The nightly schedule without waiting for the clock: next fire times across daylight saving time,
the deployment's fields, the deployment registered against a temporary Prefect API, prefect.yaml."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml

from flows.settings import PROJECT_ROOT, Settings

BERLIN = ZoneInfo("Europe/Berlin")


def _fire_times(cron: str, tz: str, start: datetime, n: int) -> list[datetime]:
    from prefect.server.schemas.schedules import CronSchedule

    return asyncio.run(CronSchedule(cron=cron, timezone=tz).get_dates(n=n, start=start))


@pytest.mark.parametrize("start", [date(2025, 3, 25), date(2025, 10, 22), date(2026, 3, 26)])
def test_default_schedule_fires_once_a_day_across_dst(start):
    s = Settings()
    assert (s.schedule_cron, s.schedule_tz) == ("0 2 * * *", "Europe/Berlin")
    times = _fire_times(s.schedule_cron, s.schedule_tz, datetime(start.year, start.month, start.day, tzinfo=BERLIN), 10)
    days = [t.astimezone(BERLIN).date() for t in times]
    assert days == [start + timedelta(days=i) for i in range(10)]  # one run per day, no day twice or missed
    assert max(Counter(days).values()) == 1
    local = [t.astimezone(BERLIN) for t in times]
    # 02:00 local every day, except the spring-forward day, when 02:00 does not exist: 03:00.
    spring = {date(2025, 3, 30), date(2026, 3, 29)}
    assert all((t.hour, t.minute) == ((3, 0) if t.date() in spring else (2, 0)) for t in local)


def test_deployment_fields(monkeypatch, tmp_path):
    from flows.serve import nightly_deployment

    monkeypatch.setenv("NEWS_SCHEDULE_CRON", "30 4 * * 1-5")
    monkeypatch.setenv("NEWS_SCHEDULE_TZ", "America/New_York")
    monkeypatch.setenv("NEWS_DB", str(tmp_path / "x.duckdb"))
    dep = nightly_deployment(Settings())
    assert dep.name == "nightly" and dep.flow_name == "nightly"
    [sched] = dep.schedules
    assert (sched.schedule.cron, sched.schedule.timezone) == ("30 4 * * 1-5", "America/New_York")
    assert dep.parameters["db_path"] == str(tmp_path / "x.duckdb")
    assert dep.parameters["sources"] == [str(Settings().sources)]


def test_deployment_registered_with_schedule_and_parameters(prefect_harness, tmp_path, monkeypatch):
    from prefect.client.orchestration import get_client

    from flows.serve import nightly_deployment

    monkeypatch.setenv("NEWS_DB", str(tmp_path / "news.duckdb"))
    dep_id = nightly_deployment(Settings()).apply()
    with get_client(sync_client=True) as client:
        dep = client.read_deployment_by_name("nightly/nightly")
    assert dep.id == dep_id
    [sched] = dep.schedules
    assert (sched.schedule.cron, sched.schedule.timezone, sched.active) == ("0 2 * * *", "Europe/Berlin", True)
    assert dep.parameters == {"sources": [str(Settings().sources)], "db_path": str(tmp_path / "news.duckdb")}
    assert dep.entrypoint.endswith("flows/nightly.py:nightly")


def test_prefect_yaml_matches_settings():
    spec = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text())
    [dep] = spec["deployments"]
    s = Settings()
    assert (dep["name"], dep["entrypoint"]) == ("nightly", "flows/nightly.py:nightly")
    assert dep["schedules"] == [{"cron": s.schedule_cron, "timezone": s.schedule_tz, "active": True}]
    assert dep["work_pool"]["name"] == s.work_pool
    assert (PROJECT_ROOT / dep["entrypoint"].split(":")[0]).is_file()
