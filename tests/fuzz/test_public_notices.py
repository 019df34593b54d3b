"""Fuzzing the public notices API's query parameters and paths (``/notices/v1/...``, see
``docs/public-notices.md``) through the in-process app: never a 5xx, every 4xx problem+json."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from concord.settings import Settings
from tests.factories import Actors
from tests.fuzz.strategies import (
    QUERY_JUNK,
    QUICK_DB,
    assert_declared_answer,
    deep,
    query_value,
    quick,
)
from tests.notices.conftest import PublicWorld

COLLECTIONS = ["red", "yellow", "un", "un/persons", "un/entities"]
PARAMS = [
    "forename", "name", "nationality", "ageMin", "ageMax", "sexId", "arrestWarrantCountryId",
    "freeText", "page", "resultPerPage",
]  # fmt: skip
RAW_SAFE = "%&=+;[]/?:@!$'()*,"


def _utf8(text: str) -> str:
    return text.encode("utf-8", "replace").decode()


key = st.one_of(st.sampled_from(PARAMS), st.text(max_size=8), st.sampled_from(QUERY_JUNK))


@st.composite
def public_url(draw: st.DrawFn) -> str:
    path = "/notices/v1/" + draw(st.sampled_from(COLLECTIONS))
    tail = draw(st.sampled_from(["", "", "", "id", "images", "picture"]))
    if tail:
        notice_id = draw(
            st.one_of(st.just("2026-00001"), st.text(max_size=12), st.sampled_from(QUERY_JUNK))
        )
        path += "/" + quote(notice_id, safe="%-")
        if tail in ("images", "picture"):
            path += "/images"
        if tail == "picture":
            path += "/" + quote(draw(st.text(max_size=8)), safe="%")
    pairs = draw(st.lists(st.tuples(key, query_value), max_size=8))
    if draw(st.booleans()) and pairs:  # repeat a key with another value
        pairs.append((pairs[0][0], draw(query_value)))
    # raw: percent signs, delimiters and repeated separators are sent as they are
    safe = RAW_SAFE if draw(st.booleans()) else ""
    query = "&".join(f"{quote(_utf8(k), safe=safe)}={quote(_utf8(v), safe=safe)}" for k, v in pairs)
    return f"{path}?{query}" if query else path


@pytest.fixture
def world(session: Session, actors: Actors, settings: Settings) -> PublicWorld:
    """A few public notices of each collection, so that searches run over real entries."""
    public_world = PublicWorld(session, actors, settings)
    public_world.notice("red")
    public_world.notice("yellow", fields={})
    public_world.notice("un", fields={"entity": {"name": "Example Front", "aliases": ["EF"]}})
    return public_world


def check(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert_declared_answer(response)
    if response.status_code == 200 and "/images" not in url and url.count("/") == 3:
        body: Any = response.json()
        assert {"total", "query", "_embedded", "_links"} <= set(body)


@quick(2 * QUICK_DB)
@given(public_url())
@example("/notices/v1/red?page=-1&resultPerPage=99999999999999999999&ageMin=%ff&ageMax=1")
@example("/notices/v1/un?ageMin=999&ageMax=0&sexId=X&sexId=M&nationality=%00%00")
@example("/notices/v1/red/2026-00001%00/images/%2e%2e")
def test_public_query_strings_never_fail(client: TestClient, world: PublicWorld, url: str) -> None:
    check(client, url)


@pytest.mark.slow
@deep(400)
@given(public_url())
def test_public_query_strings_never_fail_deep(
    client: TestClient, world: PublicWorld, url: str
) -> None:
    check(client, url)
