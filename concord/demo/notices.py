"""Demo notices and diffusions: every notice type, in several states, requested by many
countries in English, French, Spanish and Arabic, some with public extracts. Each goes through
the real workflow (the country's demo operator requests and submits, ``gs.reviewer`` decides),
so histories, findings, notifications and the audit trail are real.

The wanted person the demo travellers hit (Germany's first person record) and the holder of the
stolen Russian passport are under published Red Notices, so their screening hits carry them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.service import principal_for
from concord.demo.people import COUNTRIES
from concord.demo.screening import passport_and_holder
from concord.notices import decisions, diffusions, service
from concord.records.models import Record
from concord.settings import Settings

LANG = {"FR": "fr", "ES": "es", "EG": "ar", "SA": "ar", "BR": "es"}

#: (penalty years, charge in en, fr, es, ar) of ordinary-law crimes
CHARGES: tuple[tuple[float, dict[str, str]], ...] = (
    (
        30,
        {
            "en": "Murder of a shopkeeper during an armed robbery",
            "fr": "Meurtre d'un commerçant au cours d'un vol à main armée",
            "es": "Asesinato de un comerciante durante un robo a mano armada",
            "ar": "قتل صاحب متجر أثناء سطو مسلح",
        },
    ),
    (
        20,
        {
            "en": "International trafficking of 400 kg of cocaine by an organised group",
            "fr": "Trafic international de 400 kg de cocaïne en bande organisée",
            "es": "Tráfico internacional de 400 kg de cocaína por un grupo organizado",
            "ar": "الاتجار الدولي بـ 400 كغ من الكوكايين ضمن جماعة منظمة",
        },
    ),
    (
        15,
        {
            "en": "Investment fraud causing losses of EUR 3 million to 200 victims",
            "fr": "Escroquerie à l'investissement au préjudice de 200 victimes (3 M d'euros)",
            "es": "Estafa de inversión con pérdidas de 3 millones de euros para 200 víctimas",
            "ar": "احتيال استثماري ألحق خسائر بـ 200 ضحية بقيمة 3 ملايين يورو",
        },
    ),
    (
        25,
        {
            "en": "Trafficking in human beings for sexual exploitation of minors",
            "fr": "Traite des êtres humains aux fins d'exploitation sexuelle de mineurs",
            "es": "Trata de seres humanos con fines de explotación sexual de menores",
            "ar": "الاتجار بالبشر لغرض الاستغلال الجنسي للقاصرين",
        },
    ),
)

POLITICAL = (
    "Insulting the head of state in posts on social media and organising an unauthorised "
    "demonstration in front of parliament"
)


@dataclass
class DemoNotices:
    notices: int = 0
    published: int = 0
    diffusions: int = 0


def _principal(session: Session, username: str) -> Principal:
    account = session.execute(select(Account).where(Account.username == username)).scalar_one()
    return principal_for(account)


def _persons(session: Session, country: str) -> list[Record]:
    return list(
        session.execute(
            select(Record)
            .where(Record.type == "person", Record.owner == country, Record.restriction == "all")
            .order_by(Record.owner_ref)
        ).scalars()
    )


def red_fields(
    lang: str, pick: int, *, warrant: str | None = None, issued_by: str = "Investigating judge"
) -> dict[str, Any]:
    """A Red Notice's fields: one of the demo charges in ``lang`` (with its English), and the
    arrest warrant (``warrant``: its reference, by default one of 2025)."""
    years, texts = CHARGES[pick % len(CHARGES)]
    charge: dict[str, Any] = {"charge": texts[lang], "penalty_years": years}
    if lang != "en":
        charge["charge_translation"] = {"en": texts["en"]}
    return {
        "charges": [charge],
        "circumstances": texts["en"] + "; the subject fled abroad after the offence.",
        "warrant": {"reference": warrant or f"W-2025-{pick + 101:04d}", "issued_by": issued_by},
    }


def load_notices(session: Session, settings: Settings, seed: int) -> DemoNotices:
    out = DemoNotices()
    reviewer = _principal(session, "gs.reviewer")

    def run(p: Principal, notice_id: str, *actions: tuple[str, str | None, str | None]) -> None:
        for action, reason, ground in actions:
            actor = p if action in ("submit", "resubmit", "cancel") else reviewer
            decisions.transition(
                session,
                actor,
                notice_id,
                action=action,
                reason=reason,
                ground=ground,
                expected_version=None,
                settings=settings,
            )

    def make(p: Principal, **kw: Any) -> str:
        kw.setdefault("language", "en")
        kw.setdefault("public", False)
        kw.setdefault("subject_id", None)
        notice = service.create(session, p, settings=settings, **kw)
        out.notices += 1
        return notice.id

    publish = (("submit", None, None), ("start_review", None, None), ("approve", None, None))
    for i, c in enumerate(COUNTRIES):
        p = _principal(session, f"{c.code.lower()}.operator")
        lang = LANG.get(c.code, "en")
        persons = _persons(session, c.code)
        if c.code == "RU" and (pair := passport_and_holder(session)) is not None:
            # the holder of the demo's stolen Russian passport is wanted by Russia
            persons = [pair[1]] + [x for x in persons if x.id != pair[1].id]
        if len(persons) < 3:
            continue
        # a published Red Notice with a public extract (the demo travellers' wanted person)
        red = make(
            p,
            type="red",
            subject_id=persons[0].id,
            language=lang,
            public=True,
            fields=red_fields(lang, i + seed),
        )
        run(p, red, *publish)
        out.published += 1
        states = i % 4
        if states == 0:  # a Yellow Notice, published, public
            n = make(
                p,
                type="yellow",
                subject_id=persons[1].id,
                language=lang,
                public=True,
                fields={
                    "date_of_event": "2025-09-14",
                    "place_of_event": "Central station",
                    "circumstances": "Missing since leaving school; no contact since.",
                },
            )
            run(p, n, *publish)
            out.published += 1
        elif states == 1:  # a Blue Notice being processed
            n = make(
                p,
                type="blue",
                subject_id=persons[1].id,
                language=lang,
                fields={
                    "circumstances": "Identify and locate a suspect in a series of "
                    "burglaries; believed to use false identities."
                },
            )
            run(p, n, ("submit", None, None))
        elif states == 2:  # a Green Notice sent back for information
            n = make(
                p,
                type="green",
                subject_id=persons[1].id,
                language=lang,
                fields={
                    "circumstances": "Repeat sex offender convicted twice, travels "
                    "frequently in the region."
                },
            )
            run(
                p,
                n,
                ("submit", None, None),
                ("request_info", "Give the dates and courts of the convictions", None),
            )
        else:  # a request refused under Art. 3
            n = make(
                p,
                type="red",
                subject_id=persons[1].id,
                language="en",
                fields={
                    "charges": [{"charge": POLITICAL, "penalty_years": 3}],
                    "warrant": {"reference": "W-2025-0999", "issued_by": "Court"},
                },
            )
            run(
                p,
                n,
                ("submit", None, None),
                ("start_review", None, None),
                ("refuse", "Predominantly political character (Art. 3)", "art3"),
            )
        # a non-public Red Notice on a third person, under review
        n = make(
            p,
            type="red",
            subject_id=persons[2].id,
            language=lang,
            fields=red_fields(lang, i + seed + 1),
        )
        run(p, n, ("submit", None, None), ("start_review", None, None))
    _extras(session, settings, out, reviewer, run, make, publish)
    return out


def _extras(
    session: Session,
    settings: Settings,
    out: DemoNotices,
    reviewer: Principal,
    run: Any,
    make: Any,
    publish: Any,
) -> None:
    es = _principal(session, "es.operator")
    black = make(
        es,
        type="black",
        language="es",
        fields={
            "body": {
                "found_on": "2025-08-14",
                "found_place": "Playa de la Malvarrosa, Valencia",
                "sex": "M",
                "estimated_age": "30-40",
                "description": "Tatuaje de un ancla en el antebrazo izquierdo",
            },
            "circumstances": "Cuerpo hallado en el mar sin documentos de identidad.",
        },
    )
    run(es, black, *publish)
    it = _principal(session, "it.operator")
    purple = make(
        it,
        type="purple",
        fields={
            "modus_operandi": "Thieves pose as gas company staff to enter the homes of elderly "
            "people and steal cash and jewellery while one distracts the victim.",
            "circumstances": "Forty cases in northern Italy in 2025.",
        },
    )
    run(it, purple, *publish)
    orange = make(
        it,
        type="orange",
        fields={
            "circumstances": "Parcel bombs disguised as books sent to courts; two intercepted."
        },
    )
    run(it, orange, *publish)
    assets = (
        session.execute(
            select(Record.id)
            .where(Record.type == "asset", Record.owner == "FR")
            .order_by(Record.owner_ref)
            .limit(2)
        )
        .scalars()
        .all()
    )
    fr = _principal(session, "fr.operator")
    if assets:
        silver = make(
            fr,
            type="silver",
            language="fr",
            fields={
                "assets": list(assets),
                "charges": [
                    {
                        "charge": "Blanchiment du produit de détournement de fonds publics",
                        "penalty_years": 10,
                        "charge_translation": {"en": "Laundering embezzled public funds"},
                    }
                ],
                "circumstances": "Biens acquis avec des fonds détournés d'une entreprise publique.",
            },
        )
        run(fr, silver, *publish)
    officer = _principal(session, "gs.officer")
    un = make(
        officer,
        type="un",
        fields={
            "sanctions": ["asset_freeze", "travel_ban", "arms_embargo"],
            "un_reference": "QDe.901",
            "entity": {"name": "Example Liberation Front (demo)", "aliases": ["ELF"]},
            "circumstances": "Listed by the Security Council sanctions committee (demo data).",
        },
    )
    run(officer, un, ("submit", None, None), ("approve", None, None))
    de = _principal(session, "de.operator")
    subject = (
        session.execute(
            select(Record.id)
            .where(Record.owner == "DE", Record.type == "person")
            .order_by(Record.owner_ref)
        )
        .scalars()
        .first()
    )
    diffusions.send(
        session,
        de,
        type="red",
        subject_id=subject,
        language="en",
        fields={
            "charges": [{"charge": "Armed robbery of a cash transport", "penalty_years": 15}],
            "circumstances": "Suspect believed to be heading to southern Europe.",
        },
        to_all=False,
        to_region="Europe",
        to_countries=[],
        settings=settings,
    )
    out.diffusions += 1
