from transforms.entities.analyze import ArticleEntity, entity_key
from transforms.entities.run import reconcile_run


def ent(name: str, type_: str, count: int = 1, offset: int = 0) -> ArticleEntity:
    return ArticleEntity(entity_key(type_, name), name, type_, (), count, offset, False, False, 0)


def test_a_name_takes_the_type_most_articles_give_it() -> None:
    runs = reconcile_run([[ent("Durban", "LOC")], [ent("Durban", "LOC")], [ent("Durban", "ORG")]])
    assert [e.key for ents in runs for e in ents] == ["LOC:durban"] * 3
    # no clear majority: each article keeps its own reading
    tie = reconcile_run([[ent("Durban", "LOC")], [ent("Durban", "ORG")]])
    assert [e.type for ents in tie for e in ents] == ["LOC", "ORG"]


def test_a_lone_surname_is_the_one_person_the_run_names_in_full() -> None:
    runs = reconcile_run([[ent("Olaf Scholz", "PER")], [ent("Olaf Scholz", "PER")],
                          [ent("Scholz", "PER", 2, 40)], [ent("Scholz", "PER"), ent("Olaf Scholz", "PER", 1, 90)]])
    assert runs[2][0].name == "Olaf Scholz" and runs[2][0].key == "PER:olaf scholz" and "Scholz" in runs[2][0].aliases
    assert len(runs[3]) == 1 and runs[3][0].mention_count == 2 and runs[3][0].first_offset == 0
    # two people with that surname, or a full name seen once: the surname stays as it is
    two = reconcile_run([[ent("Olaf Scholz", "PER")], [ent("Olaf Scholz", "PER")], [ent("Anna Scholz", "PER")],
                         [ent("Anna Scholz", "PER")], [ent("Scholz", "PER")]])
    assert two[4][0].name == "Scholz"
    once = reconcile_run([[ent("Olaf Scholz", "PER")], [ent("Scholz", "PER")]])
    assert once[1][0].name == "Scholz"


def test_the_result_does_not_depend_on_the_order() -> None:
    arts = [[ent("Durban", "LOC")], [ent("Durban", "ORG")], [ent("Durban", "LOC")]]
    assert sorted(e.key for ents in reconcile_run(arts) for e in ents) == \
        sorted(e.key for ents in reconcile_run(arts[::-1]) for e in ents)


def test_a_weak_guess_is_kept_when_another_article_keeps_the_name() -> None:
    runs = reconcile_run([[ent("Lienz", "LOC")], [], []],
                         rejected=[[], [ent("Lienz", "LOC")], [ent("Drogenkonsum", "PER")]])
    assert [[e.name for e in ents] for ents in runs] == [["Lienz"], ["Lienz"], []]
