"""Demo messaging: cases between several countries in their languages, a reply, a message under
handling code H2, a message to the Secretariat, and an urgent request still awaiting its reply
(the demo's notices already sent a diffusion into every European NCB's mailbox).

Every message goes through :func:`concord.messaging.service.send` (encrypted, signed,
delivered, notified, audited) as the country's demo operator."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from concord.auth.models import Account
from concord.auth.principal import Principal
from concord.auth.service import principal_for
from concord.clock import now as clock_now
from concord.messaging.keys import KeyStore
from concord.messaging.service import Outgoing, reply, send
from concord.settings import Settings


def _as(session: Session, username: str) -> Principal:
    account = session.execute(select(Account).where(Account.username == username)).scalar_one()
    return principal_for(account)


def load_messages(session: Session, settings: Settings) -> int:
    store = KeyStore.from_settings(settings)
    now: datetime = clock_now(settings)
    fr, de = _as(session, "fr.operator"), _as(session, "de.operator")
    es, br = _as(session, "es.operator"), _as(session, "br.operator")
    eg, it = _as(session, "eg.operator"), _as(session, "it.operator")
    us = _as(session, "us.operator")
    count = 0

    first = send(
        session,
        fr,
        store,
        Outgoing(
            to=["DE"],
            case_title="Réseau de faux passeports / false passports ring",
            crime_area="organised_crime",
            subject="Demande d'identification",
            body="Bonjour, pouvez-vous confirmer l'identité du titulaire du passeport allemand "
            "C01X00T47, contrôlé à Strasbourg le 20 novembre ? Merci.",
            priority="urgent",
            handling="H1",
            reliability="B",
            accuracy=2,
            references=[{"kind": "document", "document_number": "C01X00T47", "country": "DE"}],
        ),
        now,
    )
    reply(
        session,
        de,
        store,
        first.id,
        Outgoing(
            subject="AW: Demande d'identification",
            body="Guten Tag, der Pass C01X00T47 wurde am 3. Mai als gestohlen gemeldet; der "
            "Inhaber ist nicht die kontrollierte Person. Bitte sichern Sie das Dokument.",
            handling="H1",
            reliability="A",
            accuracy=1,
        ),
        now,
    )
    count += 2
    containers = send(
        session,
        es,
        store,
        Outgoing(
            to=["BR"],
            case_title="Cocaína en contenedores / cocaine in containers",
            crime_area="drugs",
            subject="Contenedor sospechoso en Valencia",
            body="Buenos días: el contenedor MSCU1234565, procedente de Santos, contenía 400 kg de "
            "cocaína. Solicitamos información sobre el exportador.",
            handling="H2",
            reliability="B",
            accuracy=2,
        ),
        now,
    )
    reply(
        session,
        br,
        store,
        containers.id,
        Outgoing(
            subject="Re: Contenedor sospechoso en Valencia",
            body="Bom dia: o exportador é uma empresa de fachada registrada em Santos em 2024; "
            "enviaremos os dados societários.",
            handling="H2",
            reliability="B",
            accuracy=3,
        ),
        now,
    )
    count += 2
    send(
        session,
        eg,
        store,
        Outgoing(
            to=["SA"],
            case_title="طلب عاجل / urgent request",
            crime_area="human_trafficking",
            subject="طلب معلومات عاجل",
            body="تحية طيبة، نرجو تأكيد وصول القاصرين المذكورين إلى مطار جدة يوم 24 نوفمبر "
            "ومرافقيهم، في إطار تحقيق في الاتجار بالبشر.",
            priority="urgent",
            handling="H1",
            reliability="B",
            accuracy=2,
        ),
        now,
    )  # awaits its reply: overdue in 12 hours
    count += 1
    send(
        session,
        it,
        store,
        Outgoing(
            to=["FR", "ES", "GR"],
            case_title="Operation preparation (demo)",
            crime_area="cultural_property",
            subject="Stolen icons: coordinated checks",
            body="Please run coordinated checks of antiques dealers next week; do not share "
            "outside your NCB without our permission.",
            handling="H2",
            reliability="A",
            accuracy=2,
        ),
        now,
    )
    count += 1
    send(
        session,
        us,
        store,
        Outgoing(
            to=["IPSG"],
            case_title="Red Notice follow-up",
            crime_area="fugitives",
            subject="Red Notice subject located",
            body="The subject of a published Red Notice was located in Miami; extradition "
            "request in preparation.",
            priority="immediate",
            handling="H0",
            reliability="A",
            accuracy=1,
        ),
        now,
    )
    count += 1
    return count
