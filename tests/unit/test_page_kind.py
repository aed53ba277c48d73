import pytest

from transforms.page.kind import classify_page


@pytest.mark.parametrize("url,title,ptype,free,words,text,kind", [
    ("https://x.de/politik/a-long-article-slug-here-123.html", "T", "NewsArticle", None, 600, "Text", "article"),
    ("https://x.de/", "Startseite", "website", None, 300, "Politik Sport Wirtschaft", "index"),
    ("https://x.de/politik/", "Politik", None, None, 500, "Nachrichten aus der Politik", "index"),
    ("https://x.de/politik/", "Politik", "NewsArticle", None, 500, "a typed article is never an index", "article"),
    ("https://x.com/a/b-c-d-e-f-g-h-i-j", "Just a moment...", None, None, 5, "Checking your browser", "bot_block"),
    ("https://x.com/story-1", "T", "NewsArticle", None, 30,
     "Wir benötigen Ihre Zustimmung. Zustimmen und weiter", "consent_wall"),
    ("https://x.com/story-1", "T", "NewsArticle", None, 900,
     "A long article that mentions we value your privacy in the footer", "article"),
    ("https://x.com/story-1", "T", "NewsArticle", False, 200, "first paragraphs", "paywall"),
    ("https://x.de/story-1", "T", "NewsArticle", None, 150, "Anfang ... Jetzt weiterlesen mit SZ Plus", "paywall"),
    ("file:///tmp/page.html", "T", None, None, 300, "local files are never index pages", "article"),
])
def test_classify_page(url, title, ptype, free, words, text, kind):
    assert classify_page(url, title, ptype, free, words, text).kind == kind
