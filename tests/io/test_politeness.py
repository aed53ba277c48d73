"""robots.txt and rate limits, measured on the server side."""

from __future__ import annotations

import pytest

from flows.io.fetch import Fetcher, FetchJob
from flows.io.politeness import HostLimiter, interval_for
from tests.io.conftest import policy
from tests.io.faultserver import Reply
from transforms.sources.robots import parse_robots

HTML = b"<html><body><p>x</p></body></html>"


def max_in_window(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    return max((sum(1 for u in times if t <= u < t + window) for t in times), default=0)


def test_two_requests_per_second_per_host(server, store):
    for i in range(9):
        server.routes[f"/p{i}"] = Reply(200, HTML)
    with Fetcher(policy(rate_per_host=2.0, concurrency=8), store) as fetcher:
        results = fetcher.fetch_all([FetchJob(server.url(f"/p{i}")) for i in range(9)])
    assert all(r.ok for r in results)
    times = [s.at for s in server.seen]  # robots.txt counts as a request too
    assert len(times) == 10
    # Server-side arrival times; a 1 s window starting at any request holds at most 2 requests
    # (0.2 s allowance for thread wake-up jitter between client send and server accept on a loaded
    # machine; a broken limiter sends the whole burst within milliseconds).
    assert max_in_window(times, 1.0 - 0.2) <= 2
    span = max(times) - min(times)
    assert (len(times) - 1) / span <= 2.0 + 0.1


def test_robots_fetched_once_and_obeyed(server, store):
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n\n"
                                              b"User-agent: news-etl\nDisallow: /no-bots/\n")
    for p in ("/ok", "/no-bots/x", "/private/x"):
        server.routes[p] = Reply(200, HTML)
    with Fetcher(policy(), store) as fetcher:
        ok, blocked, other = fetcher.fetch_all([FetchJob(server.url(p)) for p in ("/ok", "/no-bots/x", "/private/x")])
    assert (ok.ok, ok.robots) == (True, "allowed")
    assert (blocked.error, blocked.robots) == ("robots_disallowed", "disallowed")
    # our group names news-etl, so the * group does not apply to us
    assert other.ok
    assert len(server.hits("/robots.txt")) == 1
    assert server.hits("/no-bots/x") == []


def test_robots_off_per_source_warns(server, store):
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /\n")
    server.routes["/p"] = Reply(200, HTML)
    warnings: list[str] = []
    with Fetcher(policy(), store, warn=warnings.append) as fetcher:
        f = fetcher.fetch(FetchJob(server.url("/p"), obey_robots=False))
        g = fetcher.fetch(FetchJob(server.url("/p")))
    assert (f.ok, f.robots) == (True, "ignored") and g.error == "robots_disallowed"
    assert any("ignored" in w for w in warnings)


def test_robots_5xx_disallows_4xx_allows(server, store):
    server.routes["/robots.txt"] = Reply(503, b"down")
    server.routes["/p"] = Reply(200, HTML)
    with Fetcher(policy(retries=0), store) as fetcher:
        assert fetcher.fetch(FetchJob(server.url("/p"))).error == "robots_unreachable"
    with Fetcher(policy(), store) as fetcher:  # a new run asks again
        server.routes["/robots.txt"] = Reply(404, b"")
        f = fetcher.fetch(FetchJob(server.url("/p")))
    assert (f.ok, f.robots) == (True, "no_robots")


def test_crawl_delay_is_honoured(server, store):
    server.routes["/robots.txt"] = Reply(200, b"User-agent: *\nCrawl-delay: 1\n")
    for i in range(3):
        server.routes[f"/p{i}"] = Reply(200, HTML)
    with Fetcher(policy(rate_per_host=100.0), store) as fetcher:
        fetcher.fetch_all([FetchJob(server.url(f"/p{i}")) for i in range(3)])
    pages = sorted(s.at for s in server.seen if s.path.startswith("/p"))
    assert max_in_window(pages, 0.95) == 1


def test_limiter_spaces_requests_without_sleeping_for_real():
    clock = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    lim = HostLimiter(clock=lambda: clock[0], sleep=sleep)
    for _ in range(3):
        lim.wait("a", 0.5)
    lim.wait("b", 0.5)  # another host does not wait
    lim.defer("a", 10)
    lim.wait("a", 0.5)
    margin = HostLimiter.MARGIN
    assert slept == pytest.approx([0.5 * margin, 0.5 * margin, 10.0])


def test_limiter_counts_from_the_actual_release():
    """A waiter that oversleeps (a busy machine) pushes the next slot later, never closer."""
    clock = [0.0]
    lim = HostLimiter(clock=lambda: clock[0], sleep=lambda s: clock.__setitem__(0, clock[0] + s + 0.3))
    lim.wait("a", 0.5)
    lim.wait("a", 0.5)  # released 0.3 s late, at 0.81
    released = clock[0]
    lim.wait("a", 0.5)
    assert clock[0] - released >= 0.5
    assert interval_for(2.0, 5.0, 30.0) == 5.0 and interval_for(2.0, 100.0, 30.0) == 30.0
    assert interval_for(None, None, 30.0) == 0.0


def test_robots_parser_rules():
    r = parse_robots("User-agent: *\nDisallow: /a\nAllow: /a/b$\nDisallow: /*.pdf$\nCrawl-delay: 2\n")
    assert not r.allowed("news-etl", "http://x/a/c")
    assert r.allowed("news-etl", "http://x/a/b") and not r.allowed("news-etl", "http://x/a/b/c")
    assert not r.allowed("news-etl", "http://x/docs/f.pdf") and r.allowed("news-etl", "http://x/docs/f.pdf?x")
    assert r.allowed("news-etl", "http://x/robots.txt") and r.crawl_delay("news-etl") == 2.0
    assert parse_robots("garbage\n\0\nDisallow: /").allowed("news-etl", "http://x/")
