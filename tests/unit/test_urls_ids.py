from transforms.ids import article_id
from transforms.urls import canonical_url


def test_tracking_parameters_and_fragment_are_dropped():
    assert canonical_url("HTTPS://www.Example.com:443/a/b?utm_source=x&id=3&fbclid=y#top") == \
        "https://www.example.com/a/b?id=3"


def test_query_is_sorted_so_ids_agree():
    a = canonical_url("https://example.com/x?b=2&a=1")
    b = canonical_url("https://example.com/x?a=1&b=2&utm_medium=mail")
    assert a == b and article_id(a) == article_id(b)


def test_file_urls_keep_their_path():
    assert canonical_url("file:///tmp/pages/a.html#x") == "file:///tmp/pages/a.html"


def test_article_id_is_stable():
    assert article_id("https://example.com/a") == article_id("https://example.com/a")
    assert len(article_id("https://example.com/a")) == 16
    assert article_id("https://example.com/a") != article_id("https://example.com/b")
