"""A named dataset for the snapshot tests, as France's NCB sees it, and a registered key for a
French offline post.

Visible to FR: its own passport (and its own overdue one), a German document restricted to FR,
an Italian document hidden only from Spain, a German person written in Latin script and an
Italian person written in Cyrillic. Hidden from FR: a German document restricted to Italy, one
hidden from France, a German document past its review, a German person restricted to Italy,
and a German vehicle (snapshots carry documents and persons only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import update

from concord.bootstrap import system_principal
from concord.clock import now as clock_now
from concord.db.database import Database
from concord.records.models import Record
from concord.records.service import RecordInput, create
from concord.screening.snapshot import recipients
from concord.screening.snapshot.export import Exported, export_snapshot
from concord.screening.snapshot.keys import ServerKeys, x25519_raw
from concord.settings import Settings
from tests.conftest import make_settings
from tests.factories import Actor, Actors
from tests.records import samples

SEED = "test-snapshot-signing-key-0123456789"

VISIBLE = {"fr_doc", "fr_doc_overdue", "de_only_fr", "it_except_es", "de_person", "it_person"}
HIDDEN = {"de_only_it", "de_except_fr", "de_overdue", "de_person_only_it", "de_vehicle"}


def doc(number: str, country: str, status: str = "stolen") -> dict[str, Any]:
    return {"number": number, "country": country, "document_type": "passport", "status": status}


def person(name: str, birth: str, nationality: str, sex: str = "M") -> dict[str, Any]:
    return {
        "names": [{"full": name}],
        "birth_date": birth,
        "nationalities": [nationality],
        "sex": sex,
    }


@pytest.fixture
def snap_settings(engine_url: str) -> Settings:
    return make_settings(engine_url, snapshot_signing_key=SEED)


@pytest.fixture
def server(snap_settings: Settings) -> ServerKeys:
    return ServerKeys.from_settings(snap_settings)


@dataclass
class World:
    db: Database
    settings: Settings
    fr: Actor
    de: Actor
    it: Actor
    ids: dict[str, str]
    post: X25519PrivateKey
    now: datetime

    def enter(self, actor: Actor, name: str, type_: str, data: dict[str, Any], **kw: Any) -> str:
        with self.db.transaction() as s:
            row = create(s, actor.principal, RecordInput(type_, data, **kw), settings=self.settings)
            self.ids[name] = row.id
        return row.id

    def overdue(self, name: str) -> None:
        with self.db.transaction() as s:
            s.execute(
                update(Record)
                .where(Record.id == self.ids[name])
                .values(review_at=self.now - timedelta(days=1))
            )

    def export(self, country: str = "FR", **kw: Any) -> Exported:
        with self.db.transaction() as s:
            return export_snapshot(
                s,
                system_principal(s),
                country=country,
                settings=self.settings,
                now=kw.pop("now", self.now),
                **kw,
            )

    def register(self, country: str, key: X25519PrivateKey, name: str = "post") -> str:
        with self.db.transaction() as s:
            row = recipients.register(
                s,
                system_principal(s),
                country=country,
                public_raw=x25519_raw(key.public_key()),
                name=name,
                now=self.now,
            )
            return row.key_id


@pytest.fixture
def world(db: Database, actors: Actors, snap_settings: Settings) -> World:
    w = World(
        db=db,
        settings=snap_settings,
        fr=actors.make("ncb_operator", "FR"),
        de=actors.make("ncb_operator", "DE"),
        it=actors.make("ncb_operator", "IT"),
        ids={},
        post=X25519PrivateKey.generate(),
        now=clock_now(snap_settings),
    )
    w.enter(w.fr, "fr_doc", "document", doc("L898902C3", "FR"))
    w.enter(w.fr, "fr_doc_overdue", "document", doc("FR0000001", "FR", "lost"))
    w.enter(w.de, "de_only_fr", "document", doc("C01X00T47", "DE"), restriction="only",
            countries=["FR"])  # fmt: skip
    w.enter(w.de, "de_only_it", "document", doc("C01X00T48", "DE"), restriction="only",
            countries=["IT"])  # fmt: skip
    w.enter(w.de, "de_except_fr", "document", doc("C01X00T49", "DE"), restriction="except",
            countries=["FR"])  # fmt: skip
    w.enter(w.it, "it_except_es", "document", doc("YA1234567", "IT"), restriction="except",
            countries=["ES"])  # fmt: skip
    w.enter(w.de, "de_overdue", "document", doc("C01X00T50", "DE"))
    w.enter(w.de, "de_person", "person", person("Ahmed Haddad", "1981-04-12", "EG"))
    w.enter(w.it, "it_person", "person", person("Сергей Иванов", "1975-02-03", "RU"))
    w.enter(w.de, "de_person_only_it", "person", person("Maria Lopez", "1990", "ES", "F"),
            restriction="only", countries=["IT"])  # fmt: skip
    w.enter(w.de, "de_vehicle", "vehicle", samples.VEHICLE)
    w.overdue("fr_doc_overdue")
    w.overdue("de_overdue")
    w.register("FR", w.post, "Calais ferry terminal")
    return w
