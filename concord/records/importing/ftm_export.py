"""Records to FollowTheMoney entities: the reverse of :mod:`.ftm`.

person → ``Person``; document → ``Passport`` (passports) or ``Identification`` (others), with
``holder`` naming the holder's entity; vehicle → ``Vehicle``; vessel → ``Vessel``; asset → by
kind (``BankAccount``, ``Security``, ``RealEstate``, ``Airplane``, ``CryptoWallet``,
``Vehicle``, ``Vessel``, else ``Asset``); artwork and firearm → ``Asset`` (FtM has no closer
schema). An ``owner`` link from an asset-like record becomes an ``Ownership`` entity.

The entity id is the ``owner_ref`` when it is a valid FtM id, else ``concord-<record id>``.
Beside ``properties`` each entity carries a ``concord`` object: the record type, owner,
``owner_ref``, handling and restriction, and in ``data`` the fields the properties cannot say
(:mod:`.residual`), so that importing an export changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.types import registry

from concord.records.importing.export import Exported
from concord.records.importing.ftm import CONTEXT, GENDERS, IDENTIFIERS, map_entity
from concord.records.importing.residual import residual
from concord.records.types import RecordType

T = RecordType
SEXES = {v: k for k, v in GENDERS.items()}
ASSET_SCHEMATA = {
    "bank_account": "BankAccount",
    "company_share": "Security",
    "real_estate": "RealEstate",
    "aircraft": "Airplane",
    "crypto_wallet": "CryptoWallet",
    "vehicle": "Vehicle",
    "vessel": "Vessel",
}
IDENTIFIER_PROPS = {
    schema: {scheme: prop for prop, scheme in pairs} for schema, pairs in IDENTIFIERS.items()
}
CRYPTO = {"bitcoin": "BTC", "ethereum": "ETH"}


def entity_id(owner_ref: str, record_id: str) -> str:
    ok = len(owner_ref) <= registry.entity.max_length and registry.entity.validate(owner_ref)
    return owner_ref if ok else f"concord-{record_id}"


def _add(e: EntityProxy, prop: str, *values: Any) -> None:
    for value in values:
        if value is not None and value != "":
            e.add(prop, str(value))


def _person(e: EntityProxy, data: dict[str, Any]) -> None:
    names = data.get("names") or []
    structured = next((n for n in names if n.get("given") or n.get("family")), None)
    if structured is not None:
        _add(e, "firstName", structured.get("given"))
        _add(e, "lastName", structured.get("family"))
    props = {"primary": "name", "alias": "alias", "former": "previousName", "birth": "name"}
    for n in names:
        shown = n.get("full") or " ".join(p for p in (n.get("given"), n.get("family")) if p)
        _add(e, props.get(n.get("kind", "primary"), "name"), shown)
    _add(e, "birthDate", data.get("birth_date"))
    _add(e, "birthPlace", data.get("birth_place"))
    _add(e, "gender", SEXES.get(data.get("sex", "")))
    _add(e, "nationality", *data.get("nationalities", []))
    for ident in data.get("identifiers", []):
        _add(e, IDENTIFIER_PROPS["Person"].get(ident["scheme"], "idNumber"), ident["value"])
    looks = data.get("description") or {}
    _add(e, "height", looks.get("height_cm"))
    _add(e, "weight", looks.get("weight_kg"))
    _add(e, "eyeColor", looks.get("eyes"))
    _add(e, "hairColor", looks.get("hair"))
    _add(e, "appearance", looks.get("marks"))


def _document(e: EntityProxy, data: dict[str, Any], holders: list[str]) -> None:
    if not e.schema.is_a("Passport"):
        _add(e, "type", data["document_type"].replace("_", " "))
    _add(e, "number", data.get("number"))
    _add(e, "country", data.get("country"))
    _add(e, "startDate", data.get("issued_on"))
    _add(e, "endDate", data.get("expires_on"))
    reported = f", reported {data['reported_on']}" if data.get("reported_on") else ""
    _add(e, "summary", f"{data['status'].replace('_', ' ')} travel document{reported}")
    _add(e, "holder", *holders)


def _asset(e: EntityProxy, data: dict[str, Any]) -> None:
    _add(e, "name", data.get("name"))
    props = IDENTIFIER_PROPS.get(e.schema.name, {})
    for ident in data.get("identifiers", []):
        scheme, value = ident["scheme"], ident["value"]
        if e.schema.is_a("CryptoWallet"):
            _add(e, "publicKey", value)
            _add(e, "currencySymbol", CRYPTO.get(scheme))
        elif scheme in props:
            _add(e, props[scheme], value)
    if e.schema.is_a("Value") and data.get("estimated_value") is not None:
        _add(e, "amount", data["estimated_value"])
        _add(e, "currency", data.get("currency"))
    _add(e, "country", data.get("country"))
    _add(e, "description", data.get("description"))


def _schema(record: Exported) -> str:
    match record.type:
        case T.PERSON:
            return "Person"
        case T.DOCUMENT:
            passport = record.data.get("document_type") == "passport"
            return "Passport" if passport else "Identification"
        case T.VEHICLE:
            return "Vehicle"
        case T.VESSEL:
            return "Vessel"
        case T.ASSET:
            return ASSET_SCHEMATA.get(record.data.get("kind", ""), "Asset")
    return "Asset"  # artwork, firearm


def entities(record: Exported) -> Iterator[dict[str, Any]]:
    """The record's entity, then an ``Ownership`` per owner link."""
    record_type, data = RecordType(record.type), record.data
    e = model.make_entity(_schema(record))
    e.id = entity_id(record.owner_ref, record.id)
    targets = [(kind, entity_id(ref, tid)) for kind, ttype, ref, tid in record.links]
    if record_type is T.PERSON:
        _person(e, data)
    elif record_type is T.DOCUMENT:
        _document(e, data, [t for kind, t in targets if kind == "holder"])
    elif record_type is T.VEHICLE:
        _add(e, "name", " ".join(str(data[k]) for k in ("make", "model") if data.get(k)))
        _add(e, "registrationNumber", data.get("plate"))
        _add(e, "country", data.get("plate_country"))
        _add(e, "model", data.get("model"))
        _add(e, "type", data.get("vehicle_type"))
        _add(e, "buildDate", data.get("year"))
    elif record_type is T.VESSEL:
        _add(e, "name", data.get("name"))
        _add(e, "imoNumber", data.get("imo"))
        _add(e, "mmsi", data.get("mmsi"))
        _add(e, "flag", data.get("flag"))
        _add(e, "type", data.get("vessel_type"))
    elif record_type is T.ASSET:
        _asset(e, data)
    elif record_type is T.ARTWORK:
        _add(e, "name", data.get("title"))
        _add(e, "description", data.get("description"))
        by = f" by {data['artist']}" if data.get("artist") else ""
        _add(e, "summary", f"work of art: {data.get('object_type')}{by}")
    else:
        _add(e, "name", " ".join(str(data[k]) for k in ("make", "model", "serial") if k in data))
        _add(e, "summary", "firearm")
    out = e.to_dict()
    out[CONTEXT] = _context(record, record_type, e)
    yield out
    if record_type not in (T.PERSON, T.DOCUMENT):
        for kind, target in targets:
            if kind == "owner":
                own = model.make_entity("Ownership")
                own.make_id("concord-ownership", record.id, target)
                own.add("owner", target)
                own.add("asset", e.id)
                yield own.to_dict()


def _context(record: Exported, record_type: RecordType, e: EntityProxy) -> dict[str, Any]:
    """What the properties cannot say: enough to import the record back unchanged."""
    mapped = map_entity(model.get_proxy(e.to_dict()), record_type, "stolen")
    rest = residual(record_type, record.data, mapped)
    if record_type is T.DOCUMENT:
        rest["status"] = record.data["status"]  # not an FtM property: never left to --status
    context: dict[str, Any] = {
        "type": record.type,
        "owner": record.owner,
        "owner_ref": record.owner_ref,
        "reliability": record.reliability,
        "handling": record.handling,
        "restriction": record.restriction,
        "countries": record.countries,
        "data": rest,
    }
    if record.handling_note is not None:
        context["handling_note"] = record.handling_note
    return context
