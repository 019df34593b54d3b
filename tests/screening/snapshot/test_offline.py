"""Screening offline: stolen documents (exactly and through OCR confusions), persons across
scripts, and nothing that FR may not see."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from concord.errors import ValidationFailedError
from concord.screening.names import PersonProfile, analyze
from concord.screening.snapshot.errors import PassphraseNeededError
from concord.screening.snapshot.keys import ServerKeys, private_key_pem
from concord.screening.snapshot.offline import OfflineScreener, open_snapshot
from tests.screening.snapshot.conftest import World


@pytest.fixture
def screener(world: World, server: ServerKeys) -> OfflineScreener:
    return OfflineScreener.from_bytes(world.export().data, server.verify_key, world.post, world.now)


def profile(name: str, birth: str | None = None) -> PersonProfile:
    return PersonProfile(names=(analyze(name),), birth_date=birth)


def test_stolen_document_found_exactly(world: World, screener: OfflineScreener) -> None:
    hits = screener.documents("l898902c3", "FRA")
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.record_id, hit.record_type, hit.owner, hit.decision, hit.score, hit.ocr) == (
        world.ids["fr_doc"], "document", "FR", "match", 1.0, False
    )  # fmt: skip
    assert hit.label == "passport FR L898902C3" and "stolen" in hit.explanation


def test_ocr_confused_number_found_and_flagged(world: World, screener: OfflineScreener) -> None:
    hits = screener.documents("L8989O2C3", "FR")  # letter O read for the digit 0
    assert [(h.record_id, h.ocr, h.decision) for h in hits] == [
        (world.ids["fr_doc"], True, "possible")
    ]
    assert "OCR confusion" in hits[0].explanation
    assert screener.documents("C0IX00T47", "DE")[0].ocr  # I for 1


def test_unknown_or_hidden_documents_find_nothing(screener: OfflineScreener) -> None:
    assert screener.documents("L898902C4", "FR") == []
    assert screener.documents("L898902C3", "DE") == []  # same number, other issuer
    assert screener.documents("C01X00T48", "DE") == []  # restricted to Italy
    assert screener.documents("C01X00T50", "DE") == []  # past its review


def test_bad_document_query_is_refused(screener: OfflineScreener) -> None:
    with pytest.raises(ValidationFailedError):
        screener.documents("L89#", "FR")
    with pytest.raises(ValidationFailedError):
        screener.documents("L898902C3", "ZZZ")


def test_person_written_in_another_script(world: World, screener: OfflineScreener) -> None:
    arabic = screener.persons(profile("أحمد حداد", "1981-04-12"))
    assert [h.record_id for h in arabic] == [world.ids["de_person"]]
    assert arabic[0].decision == "match" and "haddad" in arabic[0].explanation
    assert "birth_date exact" in arabic[0].explanation
    latin = screener.persons(profile("Sergey Ivanov"))
    assert [h.record_id for h in latin] == [world.ids["it_person"]]
    assert latin[0].owner == "IT" and latin[0].label.startswith("Сергей Иванов")


def test_person_fr_may_not_see_is_not_found(screener: OfflineScreener) -> None:
    assert screener.persons(profile("Maria Lopez", "1990")) == []


def test_open_snapshot_from_files_with_a_passphrase(
    world: World, server: ServerKeys, tmp_path: Path
) -> None:
    snap, keyfile = tmp_path / "fr.mind", tmp_path / "post.pem"
    snap.write_bytes(world.export().data)
    keyfile.write_bytes(private_key_pem(world.post, b"s3cret passphrase"))
    assert b"PRIVATE KEY" in keyfile.read_bytes() and b"ENCRYPTED" in keyfile.read_bytes()
    with pytest.raises(PassphraseNeededError):
        open_snapshot(snap, server.verify_key_hex(), keyfile, world.now)
    screener = open_snapshot(
        snap, server.verify_key_hex(), keyfile, world.now, passphrase=b"s3cret passphrase"
    )
    assert screener.country == "FR" and screener.documents("L898902C3", "FR")
    pem = tmp_path / "server.pem"
    pem.write_text(server.verify_key_pem())
    assert open_snapshot(snap, str(pem), keyfile, world.now, passphrase=b"s3cret passphrase")
    other = tmp_path / "other.pem"
    other.write_bytes(private_key_pem(X25519PrivateKey.generate(), None))
    from concord.screening.snapshot.errors import NotForThisKeyError

    with pytest.raises(NotForThisKeyError):
        open_snapshot(snap, server.verify_key_hex(), other, world.now)


def test_screen_query_answers_the_screening_schema(world: World, screener: OfflineScreener) -> None:
    from concord.screening.schemas import ScreenQuery
    from concord.screening.snapshot.offline import screen_query

    query = ScreenQuery.model_validate(
        {
            "document": {"number": "L898902C3", "country": "FRA"},
            "person": {"names": ["Sergey Ivanov"], "birth_date": "1975-02-03"},
        }
    )
    hits = screen_query(screener, query)
    assert [(h.record_id, h.decision) for h in hits][:1] == [(world.ids["fr_doc"], "match")]
    assert {h.record_id for h in hits} == {world.ids["fr_doc"], world.ids["it_person"]}
