"""The in-memory index: exact lookups of every kind, access filtering, changes, persons."""

import random
import string
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from concord.screening.index import ExactKind, IndexedRecord, InMemoryIndex, Viewer
from concord.screening.index.persons import Tuning
from concord.screening.names import Decision, NameMatch, PersonProfile, PersonScore, analyze

NOW = datetime(2030, 1, 1, tzinfo=UTC)
LATER = NOW + timedelta(days=365)


def rid(n: int) -> str:
    return f"{n:032x}"


def doc(n: int, key: str, owner: str = "FR", **kw: object) -> IndexedRecord:
    values: dict[str, object] = {"restriction": "all", "review_at": LATER, "status": "stolen"}
    values.update(kw)
    return IndexedRecord(id=rid(n), type="document", owner=owner, key=key, **values)  # type: ignore[arg-type]


def at(country: str | None, when: datetime = NOW) -> Viewer:
    return Viewer(country=country, now=when)


def ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(h.record_id for h in hits)


def test_every_kind_is_found_by_its_normalised_key() -> None:
    index = InMemoryIndex.from_records(
        [
            doc(1, "DE:C01X00T47"),
            IndexedRecord(
                rid(2), "vehicle", "FR", "all", LATER, key="1M8GDM9AXKP042788", plate="FR:AB123CD"
            ),
            IndexedRecord(rid(3), "vehicle", "FR", "all", LATER, plate=":XY99"),
            IndexedRecord(rid(4), "firearm", "IT", "all", LATER, key="AB12345"),
            IndexedRecord(rid(5), "vessel", "GR", "all", LATER, key="IMO9074729"),
        ]
    )
    me = at("ES")
    [[d]] = index.lookup(ExactKind.DOCUMENT, ["D:c01x00t47"], me)
    assert (d.record_id, d.record_type, d.owner, d.ocr, d.status) == (
        rid(1),
        "document",
        "FR",
        False,
        "stolen",
    )
    assert d.key == "DE:C01X00T47"
    assert ids(index.lookup(ExactKind.VIN, ["1m8gdm9axkp042788"], me)[0]) == [rid(2)]
    assert ids(index.lookup(ExactKind.PLATE, ["fr:ab-123-cd", "xy 99"], me)[0]) == [rid(2)]
    assert ids(index.lookup(ExactKind.PLATE, ["xy 99"], me)[0]) == [rid(3)]
    assert ids(index.lookup(ExactKind.SERIAL, ["ab 12345"], me)[0]) == [rid(4)]
    assert ids(index.lookup(ExactKind.IMO, ["9074729"], me)[0]) == [rid(5)]
    assert index.lookup(ExactKind.SERIAL, ["1M8GDM9AXKP042788"], me) == [[]]
    assert index.lookup(ExactKind.DOCUMENT, ["C01X00T47", "", "FR:C01X00T47"], me) == [[], [], []]


def test_ocr_confusions_are_found_and_flagged() -> None:
    index = InMemoryIndex.from_records([doc(1, "FR:AB0I5S8B1"), doc(2, "FR:XY123")])
    exact, folded, other = index.lookup(
        ExactKind.DOCUMENT, ["FR:AB0I5S8B1", "fr:a8o15sb81", "FR:XY124"], at("DE")
    )
    assert [(h.record_id, h.ocr) for h in exact] == [(rid(1), False)]
    assert [(h.record_id, h.ocr, h.key) for h in folded] == [(rid(1), True, "FR:AB0I5S8B1")]
    assert other == []


def test_icao_codes_that_name_no_state() -> None:
    index = InMemoryIndex.from_records([doc(1, "UNO:A1234"), doc(2, "XXA:B77")])
    found = index.lookup(ExactKind.DOCUMENT, ["uno:a1234", "XXA:B77", "UN:A1234"], at("FR"))
    assert [ids(f) for f in found] == [[rid(1)], [rid(2)], []]


@pytest.mark.parametrize("overdue", [False, True])
@pytest.mark.parametrize("viewer", ["FR", "DE", "IT", "ES", None])
@pytest.mark.parametrize(
    ("restriction", "countries"), [("all", ()), ("only", ("DE",)), ("except", ("IT",))]
)
def test_access_mirrors_the_records_rules(
    restriction: str, countries: tuple[str, ...], viewer: str | None, overdue: bool
) -> None:
    record = doc(1, "FR:X1", restriction=restriction, countries=countries)
    index = InMemoryIndex.from_records([record])
    when = LATER + timedelta(seconds=1) if overdue else NOW
    expected = viewer == "FR" or (
        not overdue
        and (
            viewer is None
            or {"all": True, "only": viewer == "DE", "except": viewer != "IT"}[restriction]
        )
    )
    assert bool(index.lookup(ExactKind.DOCUMENT, ["FR:X1"], at(viewer, when))[0]) == expected
    # the same rule for a record still in the overlay of changes
    index.apply([replace(record, version=2)], [], 1)
    assert bool(index.lookup(ExactKind.DOCUMENT, ["FR:X1"], at(viewer, when))[0]) == expected


def test_changes_replace_and_delete_then_merge() -> None:
    index = InMemoryIndex.from_records([doc(1, "FR:OLD1"), doc(2, "FR:KEEP"), doc(3, "FR:GONE")])
    index.apply([doc(1, "FR:NEW1", version=2), doc(4, "DE:ADDED")], [rid(3)], 7)
    me = at("ES")

    def found() -> list[list[str]]:
        keys = ["FR:OLD1", "FR:NEW1", "FR:KEEP", "FR:GONE", "DE:ADDED"]
        return [ids(h) for h in index.lookup(ExactKind.DOCUMENT, keys, me)]

    expected = [[], [rid(1)], [rid(2)], [], [rid(4)]]
    assert found() == expected
    assert index.state().seq == 7
    assert index.state().records == 3
    index.merge()
    assert not index.tables[ExactKind.DOCUMENT].overlay
    assert found() == expected
    index.apply([doc(2, "FR:KEEP", version=2, restriction="only", countries=("DE",))], [], 8)
    assert found()[2] == []
    index.merge()
    assert found()[2] == []
    assert ids(index.lookup(ExactKind.DOCUMENT, ["FR:KEEP"], at("DE"))[0]) == [rid(2)]


def test_bulk_lookup_equals_one_by_one() -> None:
    rng = random.Random(7)
    alphabet = string.ascii_uppercase[:8] + "0158OISB"
    countries = ["FR", "DE", "IT"]
    records = [
        doc(
            i,
            f"{rng.choice(countries)}:{''.join(rng.choices(alphabet, k=4))}",
            owner=rng.choice(countries),
            restriction=rng.choice(["all", "all", "only", "except"]),
            countries=(rng.choice(countries),),
            review_at=rng.choice([NOW - timedelta(days=1), LATER]),
        )
        for i in range(3000)
    ]
    index = InMemoryIndex.from_records(records[:2000])
    index.apply(records[2000:], [rid(i) for i in range(0, 2000, 7)], 1)
    queries = [
        f"{rng.choice(countries)}:{''.join(rng.choices(alphabet, k=4))}" for _ in range(2000)
    ]
    for viewer in (at("FR"), at("DE"), at(None)):
        bulk = index.lookup(ExactKind.DOCUMENT, queries, viewer)
        single = [index.lookup(ExactKind.DOCUMENT, [q], viewer)[0] for q in queries]
        assert bulk == single
        assert sum(map(len, bulk)) > 100  # the data does produce hits, exact and OCR
        assert any(h.ocr for hs in bulk for h in hs)


def _fake_score(query: PersonProfile, candidate: PersonProfile) -> PersonScore:
    shared = {t for n in query.names for t in n.tokens} & {
        t for n in candidate.names for t in n.tokens
    }
    score = len(shared) / max(1, len({t for n in query.names for t in n.tokens}))
    decision = (
        Decision.MATCH if score >= 0.8 else Decision.POSSIBLE if score >= 0.5 else Decision.NO
    )
    return PersonScore(score, decision, NameMatch(score, decision))


def person(n: int, *names: str, owner: str = "FR", **kw: object) -> IndexedRecord:
    return IndexedRecord(
        rid(n), "person", owner, kw.pop("restriction", "all"), LATER, names=names, **kw
    )  # type: ignore[arg-type]


def test_person_search_ranks_filters_and_follows_changes() -> None:
    # the pre-score estimates the real scorer, which rates John Smith / Smith Mary far lower than
    # this fake does: no pre-score floor here
    index = InMemoryIndex(scorer=_fake_score, tuning=Tuning(floor=0.0))
    index.load(
        [
            person(1, "John Smith"),
            person(2, "John Smithson"),
            person(3, "Mary Smith", restriction="only", countries=("DE",)),
            person(4, "Peter Jones"),
        ]
    )
    query = PersonProfile(names=(analyze("Smith Mary"),))
    assert [h.record_id for h in index.search_persons(query, at("DE"))] == [rid(3), rid(1)]
    assert [h.record_id for h in index.search_persons(query, at("IT"))] == [rid(1)]
    assert index.search_persons(query, at("IT"), limit=0) == []
    index.apply([person(5, "Mary Smith", owner="IT", version=1)], [rid(1)], 3)
    assert [h.record_id for h in index.search_persons(query, at("IT"))] == [rid(5)]
    index.merge()
    assert [h.record_id for h in index.search_persons(query, at("IT"))] == [rid(5)]
    assert [h.record_id for h in index.search_persons(query, at(None))] == [rid(3), rid(5)]


def test_names_are_found_across_scripts_with_the_real_matcher() -> None:
    index = InMemoryIndex.from_records(
        [
            person(1, "Владимир Путин"),
            person(2, "أحمد حداد"),
            person(3, "Ahmed Hassan"),
            person(4, "Vladislav Petrov"),
        ]
    )
    for query, expected in (("Vladimir Putin", rid(1)), ("Ahmad Haddad", rid(2))):
        hits = index.search_persons(PersonProfile(names=(analyze(query),)), at("ES"))
        assert hits and hits[0].record_id == expected, (query, hits)
        assert hits[0].score.decision in (Decision.MATCH, Decision.POSSIBLE)


def test_korean_names_are_found_by_their_customary_spellings() -> None:
    # many Koreans share a family name: the one whose given name is spelled must come first
    rng = random.Random(7)
    families, syllables = "김이박최정강조윤장임", "민지서현준우성훈영수진은혜재동철"
    names = {
        f"{rng.choice(families)}{rng.choice(syllables)}{rng.choice(syllables)}" for _ in range(3000)
    }
    wanted = {"박지성": 100_001, "노무현": 100_002, "이명박": 100_003}
    names -= set(wanted)
    records = [person(i, n) for i, n in enumerate(sorted(names))]
    records += [person(i, n) for n, i in wanted.items()]
    records.append(person(100_004, "Park Ji-sung"))
    index = InMemoryIndex.from_records(records)
    for query, expected in (
        ("Park Ji-sung", {rid(100_001), rid(100_004)}),
        ("Roh Moo-hyun", {rid(100_002)}),
        ("Myung-bak Lee", {rid(100_003)}),
        ("박지성", {rid(100_001), rid(100_004)}),
    ):
        hits = index.search_persons(PersonProfile(names=(analyze(query),)), at("ES"))
        matches = {h.record_id for h in hits if h.score.decision == Decision.MATCH}
        assert matches == expected, (query, [(h.record_id, h.score.score) for h in hits])


def test_chinese_names_are_found_written_family_name_last() -> None:
    # Western forms put the family name last (Guiying Chen); the record has it first, in one word
    rng = random.Random(11)
    families, given = "王李张刘陈杨黄赵吴周", "桂英秀兰明华伟芳军静丽强敏冬梅"
    names = {f"{rng.choice(families)}{rng.choice(given)}{rng.choice(given)}" for _ in range(3000)}
    wanted = {"陈桂英": 200_001, "王小明": 200_002, "林伟": 200_003}
    names -= set(wanted)
    records = [person(i, n) for i, n in enumerate(sorted(names))]
    records += [person(i, n) for n, i in wanted.items()]
    index = InMemoryIndex.from_records(records)
    for query, expected in (
        ("Guiying Chen", rid(200_001)),
        ("Xiaoming Wang", rid(200_002)),
        ("Xiao Ming Wang", rid(200_002)),
        ("Wei Lin", rid(200_003)),
        ("Chen Guiying", rid(200_001)),
    ):
        hits = index.search_persons(PersonProfile(names=(analyze(query),)), at("ES"))
        matches = {h.record_id for h in hits if h.score.decision == Decision.MATCH}
        assert matches == {expected}, (query, [(h.record_id, h.score.score) for h in hits])


def test_a_korean_name_is_found_in_another_latin_convention() -> None:
    # Kim Jung Eun is Kim Jong-un spelled another way: among 5,000 Korean names in Latin
    # letters, many sharing Kim and Jung, the one with the same Korean key comes first
    rng = random.Random(7)
    families = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"]
    syllables = "min ji seo hyun jun woo sung hoon young su jin eun hye jae dong chul jong il nam"
    given = syllables.split()
    names = {
        f"{rng.choice(families)} {rng.choice(given).title()}-{rng.choice(given)}"
        for _ in range(5000)
    }
    names -= {"Kim Jong-un", "Kim Jung-eun", "Kim Jong-eun", "Kim Jung-un"}
    records = [person(i, n) for i, n in enumerate(sorted(names))]
    records.append(person(900_001, "Kim Jong-un"))
    index = InMemoryIndex.from_records(records)
    hits = index.search_persons(PersonProfile(names=(analyze("Kim Jung Eun"),)), at("ES"))
    assert hits and hits[0].record_id == rid(900_001), [(h.record_id, h.score.score) for h in hits]
    assert hits[0].score.decision == Decision.MATCH


def test_chinese_names_are_found_across_wade_giles_and_pinyin() -> None:
    # among 3,000 Chinese names in pinyin and characters, many sharing Mao, Zhou, Liu, the
    # Wade-Giles query finds its pinyin and its characters; a pinyin query its Wade-Giles record
    rng = random.Random(5)
    families = ["Mao", "Zhou", "Liu", "Zhang", "Wang", "Cai", "Deng"]
    given = [
        "ze",
        "dong",
        "en",
        "lai",
        "xiao",
        "bo",
        "ying",
        "wen",
        "ping",
        "jun",
        "hua",
        "ming",
        "guo",
        "qiang",
    ]
    names = {
        f"{rng.choice(families)} {rng.choice(given).title()}{rng.choice(given)}"
        for _ in range(3000)
    }
    names -= {"Mao Zedong", "Zhou Enlai", "Liu Xiaobo", "Cai Yingwen"}
    records = [person(i, n) for i, n in enumerate(sorted(names))]
    records += [
        person(300_001, "毛泽东"),
        person(300_002, "Liu Xiaobo"),
        person(300_003, "Chou En-lai"),
        person(300_004, "蔡英文"),
    ]
    index = InMemoryIndex.from_records(records)
    for query, expected in (
        ("Mao Tse-tung", rid(300_001)),
        ("Liu Hsiao-po", rid(300_002)),
        ("Zhou Enlai", rid(300_003)),
        ("Enlai Zhou", rid(300_003)),
        ("Tsai Ing-wen", rid(300_004)),
    ):
        hits = index.search_persons(PersonProfile(names=(analyze(query),)), at("ES"))
        matches = {h.record_id for h in hits if h.score.decision == Decision.MATCH}
        assert expected in matches, (query, [(h.record_id, h.score.score) for h in hits])
        assert hits[0].record_id == expected, (query, [(h.record_id, h.score.score) for h in hits])


def test_japanese_names_in_kanji_are_found_by_their_romaji() -> None:
    rng = random.Random(9)
    families = ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村"]
    given = ["一郎", "花子", "直人", "陽子", "健", "美加子", "翔太", "裕美子"]
    names = {f"{rng.choice(families)} {rng.choice(given)}" for _ in range(500)}
    names -= {"安倍 晋三", "遠藤 美加子"}
    records = [person(i, n) for i, n in enumerate(sorted(names))]
    records += [person(400_001, "安倍晋三"), person(400_002, "遠藤 美加子")]
    index = InMemoryIndex.from_records(records)
    for query, expected in (
        ("Shinzo Abe", rid(400_001)),
        ("Abe Shinzo", rid(400_001)),
        ("Mikako Endo", rid(400_002)),
    ):
        hits = index.search_persons(PersonProfile(names=(analyze(query),)), at("ES"))
        assert hits and hits[0].record_id == expected, (
            query,
            [(h.record_id, h.score.score) for h in hits],
        )
        assert hits[0].score.decision == Decision.MATCH
