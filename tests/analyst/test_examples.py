"""The example queries in docs/example_queries.md return what the page shows, on the sample
database. After an intended change: `.venv/bin/python -m tests.analyst.examples`, read the diff."""

from tests.analyst import examples


def test_there_are_examples_and_each_has_an_output():
    text = examples.EXAMPLES.read_text(encoding="utf-8")
    assert len(examples.queries(text)) >= 5
    assert text.count("```sql") == len(examples.queries(text)) == text.count("<!-- output -->")


def test_outputs_match_the_sample_database(sample_db):
    expected = examples.rendered_for(sample_db)
    current = examples.EXAMPLES.read_text(encoding="utf-8")
    assert current == expected, "docs/example_queries.md is stale: run `.venv/bin/python -m tests.analyst.examples`"
