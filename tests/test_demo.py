"""The demo dataset: complete, reproducible from its seed, multilingual, usable over HTTP,
audited, and never loaded in production or over existing data."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from concord.audit.chain import Signer
from concord.audit.models import AuditEvent
from concord.audit.verify import verify_chain
from concord.auth.models import Account, ApiToken
from concord.auth.service import principal_for
from concord.bootstrap import SYSTEM_USERNAME
from concord.bootstrap import prepare as prepare_schema
from concord.db.base import utcnow
from concord.db.database import Database, make_engine
from concord.demo import (
    DEMO_PASSWORD,
    DemoRefusedError,
    DemoResult,
    database_is_empty,
    demo_logins,
    load_demo,
)
from concord.errors import ConflictError
from concord.members.models import Agency
from concord.notify.models import Notification
from concord.notify.service import feed
from concord.records import identifiers as ids
from concord.records.access import may_read
from concord.records.models import Record, RecordLink
from concord.records.query import RecordFilter, list_own
from concord.records.service import RecordInput, countries_of, prepare
from concord.records.types import RecordType
from concord.settings import Settings

SEED = 2026
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
TOKEN = re.compile(r"^cnc_[A-Za-z0-9_-]{43}$")
BASE32 = re.compile(r"^[A-Z2-7]{32}$")
LOGIN_KEYS = {"username", "role", "country", "password", "totp_secret", "token"}
SCRIPTS = {
    "Arabic": (0x0600, 0x06FF),
    "Cyrillic": (0x0400, 0x04FF),
    "Greek": (0x0370, 0x03FF),
    "Devanagari": (0x0900, 0x097F),
    "Thai": (0x0E00, 0x0E7F),
    "CJK": (0x4E00, 0x9FFF),
    "Kana": (0x3040, 0x30FF),
    "Hangul": (0xAC00, 0xD7AF),
}


def _fresh(tmp_path: Path, name: str, **overrides: object) -> tuple[Database, Settings]:
    url = f"sqlite:///{tmp_path / name}.db"
    db = Database(make_engine(url))
    prepare_schema(db)
    values: dict[str, object] = {
        "environment": "development",
        "database_url": url,
        "secret_key": "demo-test-secret-key-0123456789-abcdefghijklmnop",
        "audit_signing_key": "demo-test-audit-signing-key",
        **overrides,
    }
    return db, Settings(**values)  # type: ignore[arg-type]


def _names(db: Database) -> dict[str, str]:
    with db.session() as s:
        rows = s.execute(select(Account.username, Account.display_name)).all()
    return {u: n for u, n in rows if u != SYSTEM_USERNAME}


def _records(db: Database) -> list[Record]:
    with db.session() as s:
        return list(s.execute(select(Record).order_by(Record.owner, Record.owner_ref)).scalars())


def _refs(db: Database) -> list[tuple[str, str]]:
    return [(r.owner_ref, r.label) for r in _records(db)]


def _operator(db: Database, country: str) -> Account:
    with db.session() as s:
        username = f"{country.lower()}.operator"
        return s.execute(select(Account).where(Account.username == username)).scalar_one()


def _login(logins: list[dict[str, str]], username: str) -> dict[str, str]:
    return next(x for x in logins if x["username"] == username)


def test_load_creates_the_dataset(db: Database, settings: Settings) -> None:
    assert database_is_empty(db)  # the system actor does not count
    result = load_demo(db, settings, seed=SEED)
    assert not database_is_empty(db)
    assert isinstance(result, DemoResult)
    with db.session() as s:
        accounts = s.execute(select(Account).where(Account.username != SYSTEM_USERNAME)).scalars()
        by_name = {a.username: a for a in accounts}
        agencies = list(s.execute(select(Agency)).scalars())
        notes = s.execute(select(func.count()).where(Notification.kind == "welcome")).scalar_one()
        tokens = list(s.execute(select(ApiToken)).scalars())
    assert result.accounts == len(by_name) == len(result.logins) == 41
    assert result.people == 40 and result.service_accounts == 1
    assert result.agencies == len(agencies) == 40
    assert result.notifications == notes == len(result.countries) + 2
    assert len(result.countries) >= 12
    assert {a.country_code for a in agencies} >= {"FR", "DE", "US", "JP", "SA", "NG"}
    assert {a.kind for a in agencies} == {
        "border",
        "customs",
        "immigration",
        "police",
        "financial_intelligence",
    }
    roles = {a.role for a in by_name.values()}
    assert roles >= {"ncb_admin", "ncb_operator", "border_officer", "gs_reviewer", "gs_officer"}
    assert roles >= {"gs_admin", "auditor", "ccf_member", "delegate"}
    for code in result.countries:
        assert by_name[f"{code.lower()}.admin"].role == "ncb_admin"
        assert by_name[f"{code.lower()}.operator"].country_code == code
    assert by_name["gs.auditor"].role == "auditor" and by_name["gs.auditor"].country_code is None
    for login in result.logins:
        assert set(login) == LOGIN_KEYS
        assert USERNAME.match(login["username"])
        account = by_name[login["username"]]
        assert login["role"] == account.role and login["country"] == (account.country_code or "")
        if account.kind == "user":
            assert login["password"] == DEMO_PASSWORD and login["token"] == ""
            assert BASE32.match(login["totp_secret"])
        else:
            assert login["password"] == login["totp_secret"] == "" and TOKEN.match(login["token"])

    border = by_name["fr.border"]
    assert (border.kind, border.role, border.country_code) == ("service", "border_officer", "FR")
    assert border.default_purpose == "border_control"
    agency = next(a for a in agencies if a.id == border.agency_id)
    assert (agency.country_code, agency.kind, agency.status) == ("FR", "border", "active")
    assert [t.account_id for t in tokens] == [border.id]


def test_same_seed_same_data_other_seed_other_names(tmp_path: Path) -> None:
    db1, settings1 = _fresh(tmp_path, "one")
    db2, settings2 = _fresh(tmp_path, "two")
    db3, settings3 = _fresh(tmp_path, "three")
    try:
        first = load_demo(db1, settings1, seed=7)
        second = load_demo(db2, settings2, seed=7)
        other = load_demo(db3, settings3, seed=8)
        assert first.logins == second.logins == demo_logins(7)
        assert _names(db1) == _names(db2)
        assert _refs(db1) == _refs(db2) and first.records == second.records
        assert _refs(db1) != _refs(db3)  # other people, documents, vehicles, ...
        with db1.session() as s1, db2.session() as s2:
            agencies = select(Agency.country_code, Agency.kind, Agency.name).order_by(Agency.name)
            assert s1.execute(agencies).all() == s2.execute(agencies).all()

        names, other_names = _names(db1), _names(db3)
        assert names.keys() == other_names.keys()  # the same accounts ...
        people = [u for u in names if u != "fr.border"]
        changed = [u for u in people if names[u] != other_names[u]]
        assert len(changed) > len(people) // 2  # ... named differently
        assert (
            _login(first.logins, "fr.admin")["totp_secret"]
            != (_login(other.logins, "fr.admin")["totp_secret"])
        )
        assert (
            _login(first.logins, "fr.border")["token"]
            != (_login(other.logins, "fr.border")["token"])
        )
    finally:
        for d in (db1, db2, db3):
            d.dispose()


def test_names_are_written_in_many_scripts(db: Database, settings: Settings) -> None:
    load_demo(db, settings, seed=SEED)
    found = {
        script
        for name in _names(db).values()
        for script, (low, high) in SCRIPTS.items()
        if any(low <= ord(ch) <= high for ch in name)
    }
    assert found >= {"Arabic", "Cyrillic", "CJK", "Hangul"}
    assert len(found) >= 6
    assert any(name.isascii() for name in _names(db).values())  # and Latin, too


def test_a_demo_person_logs_in_over_http(
    client: TestClient, db: Database, settings: Settings
) -> None:
    login = _login(load_demo(db, settings, seed=SEED).logins, "fr.operator")
    r = client.post(
        "/api/v1/auth/login",
        json={
            "username": "fr.operator",
            "password": login["password"],
            "totp": pyotp.TOTP(login["totp_secret"]).now(),
        },
    )
    assert r.status_code == 200, r.text
    me = client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.status_code == 200, me.text
    assert (me.json()["role"], me.json()["country"]) == ("ncb_operator", "FR")


def test_the_demo_border_token_authenticates(
    client: TestClient, db: Database, settings: Settings
) -> None:
    token = _login(load_demo(db, settings, seed=SEED).logins, "fr.border")["token"]
    r = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["username"], body["role"], body["country"]) == (
        "fr.border",
        "border_officer",
        "FR",
    )
    assert body["agency_id"] is not None and "screen" in body["permissions"]


def test_welcome_notifications_reach_their_country(db: Database, settings: Settings) -> None:
    load_demo(db, settings, seed=SEED)
    with db.session() as s:
        for username, expected in (("fr.admin", 1), ("gs.reviewer", 1), ("fr.border", 2)):
            account = s.execute(select(Account).where(Account.username == username)).scalar_one()
            notes, _total = feed(s, principal_for(account), limit=1000)
            # besides notice and diffusion traffic of the demo, their welcome notes
            assert sum(n.kind == "welcome" for n, _read in notes) == expected, username


def test_loading_twice_is_refused(db: Database, settings: Settings) -> None:
    load_demo(db, settings, seed=SEED)
    with pytest.raises(ConflictError, match="database already has accounts"):
        load_demo(db, settings, seed=SEED)


def test_production_is_refused(db: Database, settings: Settings) -> None:
    production = settings.model_copy(update={"environment": "production"})
    with pytest.raises(DemoRefusedError, match="development or test") as refused:
        load_demo(db, production, seed=SEED)
    assert isinstance(refused.value, ConflictError)
    assert database_is_empty(db)


def test_the_audit_chain_verifies_after_loading(db: Database, settings: Settings) -> None:
    result = load_demo(db, settings, seed=SEED)
    with db.session() as s:
        verdict = verify_chain(s, Signer.from_seed(settings.audit_signing_key.get_secret_value()))
        actions = list(s.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())
    assert verdict.ok, verdict.reason
    assert actions.count("user.create") == result.people
    assert actions.count("service.create") == actions.count("token.create") == 1
    assert actions.count("agency.create") == result.agencies
    assert actions.count("notification.send") == result.notifications
    assert actions.count("record.create") == result.records
    with db.session() as s:
        links = s.execute(select(func.count()).select_from(RecordLink)).scalar_one()
    assert actions.count("record.link") == links > 0
    # the demo travellers are screened once the load has committed
    last = actions.index("demo.load")
    assert set(actions[last + 1 :]) == {"screening.query"}


def test_records_of_every_type_in_every_country(db: Database, settings: Settings) -> None:
    result = load_demo(db, settings, seed=SEED)
    rows = _records(db)
    assert 300 <= result.records == len(rows) <= 600
    per_type = Counter(r.type for r in rows)
    assert set(per_type) == {t.value for t in RecordType} and min(per_type.values()) > 0
    assert {r.owner for r in rows} == set(result.countries)
    assert {r.created_by for r in rows if r.owner == "JP"} == {_operator(db, "JP").id}

    persons = [r for r in rows if r.type == "person"]
    scripts = {n["script"] for p in persons for n in p.data["names"]}
    assert scripts >= {"Latn", "Grek", "Cyrl", "Arab", "Deva", "Thai", "Hani", "Hang", "Kana"}
    for p in persons:
        primary, *others = p.data["names"]
        assert primary["kind"] == "primary" and primary["lang"]
        if primary["script"] != "Latn":  # and a Latin transliteration as alias
            assert any(n["kind"] == "alias" and n["full"].isascii() for n in others), p.label

    with db.session() as s:
        links = list(s.execute(select(RecordLink)).scalars())
        by_id = {r.id: r for r in rows}
        for r in rows[::25]:  # re-validating a stored record gives it back unchanged
            again = prepare(
                RecordInput(
                    r.type,
                    r.data,
                    r.owner_ref,
                    r.reliability,
                    r.handling,
                    r.handling_note,
                    r.restriction,
                    countries_of(s, r.id),
                )
            )
            assert (again.key, again.label, again.content_hash) == (r.key, r.label, r.content_hash)
    kinds = Counter((by_id[ln.from_id].type, ln.kind, by_id[ln.to_id].type) for ln in links)
    assert set(kinds) == {
        ("document", "holder", "person"),
        ("vehicle", "owner", "person"),
        ("asset", "owner", "person"),
    }
    assert all(by_id[ln.from_id].owner == by_id[ln.to_id].owner for ln in links)
    holders = {ln.from_id for ln in links if ln.kind == "holder"}
    for doc in (r for r in rows if r.type == "document"):
        assert (doc.id in holders) == (doc.data["status"] != "stolen_blank")


def test_record_identifiers_are_valid(db: Database, settings: Settings) -> None:
    load_demo(db, settings, seed=SEED)
    rows = _records(db)
    documents = [r.data for r in rows if r.type == "document"]
    assert all(ids.document_number_check(d["number"], d["check_digit"]) for d in documents)
    vins = [ids.validate_vin(r.data["vin"]) for r in rows if "vin" in r.data]
    assert vins and all(v.valid and v.check_digit_ok for v in vins)
    assert {v.wmi_region for v in vins} == {"North America"}
    plates = {r.data["plate_country"] for r in rows if r.type == "vehicle" and "vin" not in r.data}
    assert plates >= {"FR", "DE", "ES", "IT", "GR"}  # EU plates
    ships = [r.data for r in rows if r.type == "vessel"]
    assert ships and all(ids.validate_imo(d["imo"]).valid for d in ships)
    assets = [r.data for r in rows if r.type == "asset"]
    assert {a["kind"] for a in assets} >= {
        "bank_account",
        "real_estate",
        "company_share",
        "crypto_wallet",
    }
    found = [i for a in assets for i in a["identifiers"]]
    checked = [i for i in found if i["scheme"] in ids.SCHEMES]
    assert {i["scheme"] for i in checked} >= {"iban", "lei"}
    assert all(ids.validate_identifier(i["scheme"], i["value"]).valid for i in checked)
    assert len([i for i in checked if i["scheme"] == "iban"]) >= len(ships)


def test_restricted_records_and_review_dates(db: Database, settings: Settings) -> None:
    result = load_demo(db, settings, seed=SEED)
    rows = _records(db)
    now = utcnow()
    restricted = [r for r in rows if r.restriction != "all"]
    assert {r.restriction for r in restricted} == {"only", "except"}
    assert 0 < len(restricted) < len(rows) // 10
    operators = {c: principal_for(_operator(db, c)) for c in result.countries}
    with db.session() as s:
        for r in restricted:
            listed = set(countries_of(s, r.id))
            hidden = [
                c
                for c in result.countries
                if c != r.owner and (c in listed) == (r.restriction == "except")
            ]
            assert hidden and not any(may_read(s, operators[c], r, now) for c in hidden)
            assert may_read(s, operators[r.owner], r, now)
        due, total = list_own(
            s, operators["FR"], RecordFilter(review_due_within_days=30), settings=settings
        )
    assert total >= 1 and all(r.owner == "FR" for r in due)
    soon = [r for r in rows if r.review_at <= now + timedelta(days=30)]
    assert {r.owner for r in soon} == set(result.countries)
    assert any(r.review_at <= now for r in soon)  # a few are overdue, too


def test_demo_travellers_hit_demo_records(db: Database, settings: Settings) -> None:
    """A stolen passport and its holder (from the MRZ), a person written in Latin letters
    found from Cyrillic, and a stolen car: screened at load time, hits stored and owners told."""
    from sqlalchemy import select

    from concord.notify.models import Notification
    from concord.screening.models import ScreeningHit

    result = load_demo(db, settings, seed=SEED)
    assert result.hits >= 4
    with db.session() as s:
        hits = list(s.execute(select(ScreeningHit)).scalars())
        kinds = {h.explanation["matched_on"] for h in hits}
        assert {"mrz_document", "mrz_holder", "person", "vin"} <= kinds
        assert all(h.decision == "match" for h in hits)
        cross = next(h for h in hits if h.explanation["matched_on"] == "person")
        assert "transliterated" in cross.explanation["summary"]
        told = s.execute(select(Notification).where(Notification.kind == "screening.hit"))
        assert {n.country for n in told.scalars()} >= {h.owner for h in hits}
        # the wanted person and the passport's holder are under published Red Notices
        notice_hits = s.execute(select(Notification).where(Notification.kind == "notice.hit"))
        assert {n.country for n in notice_hits.scalars()} >= {"DE", "RU"}


def test_demo_notices_every_type_state_and_language(db: Database, settings: Settings) -> None:
    from concord.notices.models import Diffusion, Notice, NoticeEvent

    result = load_demo(db, settings, seed=SEED)
    assert result.notices >= 40 and result.diffusions >= 1
    with db.session() as s:
        notices = list(s.execute(select(Notice)).scalars())
        assert {n.type for n in notices} == {
            "red",
            "yellow",
            "blue",
            "black",
            "green",
            "orange",
            "purple",
            "silver",
            "un",
        }
        states = Counter(n.status for n in notices)
        assert {"published", "submitted", "under_review", "info_requested", "refused"} <= set(
            states
        )
        assert {n.language for n in notices} == {"en", "fr", "es", "ar"}
        assert len({n.requesting_country for n in notices}) >= 12
        public = [n for n in notices if n.public and n.status == "published"]
        assert {n.type for n in public} >= {"red", "yellow", "un"}
        refused = [n for n in notices if n.status == "refused"]
        assert refused and all(n.refusal_ground == "art3" for n in refused)
        # every published notice was approved by the demo reviewer, as its history shows
        approvals = {
            e.notice_id
            for e in s.execute(select(NoticeEvent).where(NoticeEvent.action == "approve")).scalars()
        }
        assert {n.id for n in notices if n.status == "published"} <= approvals
        assert s.execute(select(func.count()).select_from(Diffusion)).scalar_one() >= 1


def test_demo_messages_cases_languages_and_an_urgent_request(
    db: Database, settings: Settings
) -> None:
    from concord.messaging.keys import KeyStore
    from concord.messaging.models import Case, Message
    from concord.messaging.query import MessageFilter, search
    from concord.messaging.reading import open_message

    result = load_demo(db, settings, seed=SEED)
    assert result.messages >= 7
    store = KeyStore.from_settings(settings)
    sa = principal_for(_operator(db, "SA"))
    with db.transaction() as s:
        cases = list(s.execute(select(Case)).scalars())
        assert len(cases) >= 6  # the demo diffusion opened one too
        from concord.messaging.mailboxes import own_mailbox

        box = own_mailbox(s, store, sa, utcnow())
        later = utcnow() + timedelta(hours=13)
        overdue, total = search(s, box, MessageFilter(overdue=True), later, limit=10, offset=0)
        assert total == 1 and overdue[0][0].priority == "urgent"
        opened = open_message(s, sa, store, overdue[0][0].id, utcnow())
        assert opened.content is not None and "الاتجار بالبشر" in opened.content["body"]
        assert opened.signature_valid
        # every demo message is stored encrypted
        bodies = [m.content for m in s.execute(select(Message)).scalars()]
        assert all(b"cocaine" not in b and "كوكايين".encode() not in b for b in bodies)


def test_the_five_past_years_tell_a_growing_story(db: Database, settings: Settings) -> None:
    """Searches, notices and messages in each of the five years before the load year, as the
    operations of those years: never zero, growing, and each figure's total equal to the sum
    of its drill-down items and to its CSV's total row."""
    from concord.clock import now as clock_now
    from concord.notices.models import NoticeEvent
    from concord.stats import messages, notices, operations, searches
    from concord.stats.periods import year

    started = utcnow()
    result = load_demo(db, settings, seed=SEED)
    assert result.past_notices > 0 and result.past_messages > 0 and result.search_tallies > 0
    this_year = clock_now(settings).year
    columns = (
        ("searches", "searches"),
        ("searches", "hits"),
        ("notices", "issued"),
        ("notices", "refused"),
        ("notices", "valid"),
        ("messages", "messages"),
        ("messages", "deliveries"),
        ("operations", "operations"),
    )
    totals: dict[str, list[int | float]] = {}
    with db.session() as s:
        gs = principal_for(
            s.execute(select(Account).where(Account.username == "gs.officer")).scalar_one()
        )
        for y in range(this_year - 5, this_year):
            figs = {
                "searches": searches.compute(s, gs, period=year(y), group_by="month"),
                "notices": notices.compute(s, gs, period=year(y), group_by="type"),
                "messages": messages.compute(s, gs, period=year(y), group_by="month"),
                "operations": operations.compute(s, gs, period=year(y), group_by="crime_area"),
            }
            for name, col in columns:
                value = figs[name].totals[col]
                assert value > 0, f"{name}.{col} is 0 in {y}"
                totals.setdefault(f"{name}.{col}", []).append(value)
                last_row = list(csv.DictReader(io.StringIO(figs[name].to_csv())))[-1]
                assert float(last_row[col]) == value
            assert figs["searches"].source.endswith(f"{y}-01-01..{y}-12-31")
            assert "search_tallies" in figs["searches"].source
            for kind in ("searches", "hits"):
                got = searches.items(s, gs, period=year(y), kind=kind, limit=1000, offset=0)
                assert got.total == len(got.items)
                assert sum(i.count for i in got.items) == figs["searches"].totals[kind]
            for kind in ("issued", "refused"):
                got = notices.items(s, gs, period=year(y), kind=kind, limit=1000, offset=0)
                assert got.total == figs["notices"].totals[kind]
                assert all(i.at is not None and i.at.year == y for i in got.items)
            sent = messages.items(s, gs, period=year(y), limit=1000, offset=0)
            assert sent.total == figs["messages"].totals["messages"]
        # the story grows: more searches, notices issued and messages every year
        for key in ("searches.searches", "notices.issued", "messages.messages"):
            assert totals[key] == sorted(totals[key]), key
        # every past notice has its whole history, from its request on, before the load year
        since = s.execute(select(func.min(NoticeEvent.at))).scalar_one()
        assert since.year == this_year - 5
        history: dict[str, list[str]] = {}
        for notice_id, action in s.execute(
            select(NoticeEvent.notice_id, NoticeEvent.action)
            .where(NoticeEvent.at < since.replace(year=this_year, month=1, day=1, hour=0))
            .order_by(NoticeEvent.at)
        ):
            history.setdefault(notice_id, []).append(action)
        assert len(history) == result.past_notices
        assert all(a[:2] == ["create", "submit"] for a in history.values())
        # the audit trail is never backdated: nothing in it predates the load
        oldest = s.execute(select(func.min(AuditEvent.at))).scalar_one()
        assert oldest >= started - timedelta(seconds=1)
