"""FollowTheMoney entities to records, with the ``followthemoney`` library's model and proxies.

The entity id is the record's ``owner_ref``. :data:`SCHEMATA` maps schemata to record types
(the first that the entity's schema *is a* wins); ``Ownership`` becomes an ``owner`` link from
the asset to its owner; a document's ``holder`` a ``holder`` link to a person. Other schemata
are rejected ("schema X is not imported"). Values are not re-cleaned by FtM (which would drop
bad ones silently): the record types validate them and name what is wrong.

Entities exported by Concord carry a ``concord`` object beside ``properties``
(:mod:`.ftm_export`): the record type, owner, ``owner_ref`` and handling, and the data fields
the properties cannot say. It is merged over the mapped fields, so an export imports unchanged.
"""

from __future__ import annotations

from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.exc import InvalidData

from concord.records.importing.columns import merge_extra
from concord.records.importing.rows import Incoming, LinkOnly, LinkRef, Rejected
from concord.records.service import RecordInput
from concord.records.types import RecordType

CONTEXT = "concord"
T = RecordType

#: (schema, record type, asset kind), most specific first.
SCHEMATA: tuple[tuple[str, RecordType, str | None], ...] = (
    ("Identification", T.DOCUMENT, None),  # Passport is an Identification
    ("Person", T.PERSON, None),
    ("Vessel", T.VESSEL, None),
    ("Airplane", T.ASSET, "aircraft"),
    ("Vehicle", T.VEHICLE, None),
    ("BankAccount", T.ASSET, "bank_account"),
    ("CryptoWallet", T.ASSET, "crypto_wallet"),
    ("RealEstate", T.ASSET, "real_estate"),
    ("Security", T.ASSET, "company_share"),
    ("Company", T.ASSET, "company_share"),
)
#: Asset kinds of schemata that are not asset schemata of their own (``asset`` in context).
KINDS = {"Vessel": "vessel", "Vehicle": "vehicle", "Asset": "other"}
GENDERS = {"male": "M", "female": "F", "other": "X"}
#: (property, identifier scheme) per schema, for asset and person identifiers.
IDENTIFIERS: dict[str, tuple[tuple[str, str], ...]] = {
    "Person": (
        ("idNumber", "national_id"),
        ("passportNumber", "passport"),
        ("socialSecurityNumber", "social_security"),
        ("taxNumber", "tax_number"),
    ),
    "BankAccount": (("iban", "iban"), ("bic", "bic"), ("accountNumber", "account_number")),
    "Airplane": (("registrationNumber", "registration"), ("serialNumber", "serial")),
    "Vehicle": (("registrationNumber", "registration"),),
    "Vessel": (("imoNumber", "imo"), ("mmsi", "mmsi")),
    "RealEstate": (
        ("registrationNumber", "land_registry"),
        ("titleNumber", "land_title"),
        ("cadastralCode", "cadastral"),
    ),
    "Security": (("isin", "isin"), ("registrationNumber", "registration")),
    "Company": (
        ("leiCode", "lei"),
        ("isinCode", "isin"),
        ("registrationNumber", "company_registration"),
    ),
    "CryptoWallet": (("publicKey", "crypto"), ("cryptoAddress", "crypto")),
}
CRYPTO_SCHEMES = {"BTC": "bitcoin", "ETH": "ethereum"}


def _put(data: dict[str, Any], name: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        data[name] = value


def _date(value: str | None) -> str | None:
    return value[:10] if value else None  # FtM dates may carry a time


def _number(value: str | None) -> Any:
    try:
        number = float(value) if value else None
    except ValueError:
        return value
    return int(number) if number is not None and number.is_integer() else value


def _first(e: EntityProxy, *props: str) -> str | None:
    for prop in props:
        value = e.first(prop, quiet=True)
        if value:
            return value
    return None


def identifiers(e: EntityProxy) -> list[dict[str, str]]:
    found = next((ids for name, ids in IDENTIFIERS.items() if e.schema.is_a(name)), ())
    out = []
    for prop, scheme in found:
        if scheme == "crypto":
            scheme = CRYPTO_SCHEMES.get((_first(e, "currencySymbol") or "").upper(), "address")
        out += [{"scheme": scheme, "value": v} for v in e.get(prop, quiet=True)]
    return out


def person(e: EntityProxy) -> dict[str, Any]:
    first, last = _first(e, "firstName"), _first(e, "lastName")
    names: list[dict[str, str]] = []
    if first or last:
        names.append({k: v for k, v in (("given", first), ("family", last)) if v})
    joined = " ".join(x for x in (first, last) if x)
    names += [{"full": n} for n in e.get("name") if n != joined]
    names += [{"full": n, "kind": "alias"} for n in e.get("alias") + e.get("weakAlias")]
    names += [{"full": n, "kind": "former"} for n in e.get("previousName")]
    data: dict[str, Any] = {"names": names}
    _put(data, "birth_date", _first(e, "birthDate"))
    _put(data, "birth_place", _first(e, "birthPlace"))
    _put(data, "sex", GENDERS.get(_first(e, "gender") or ""))
    countries = [c.upper() for c in e.get("nationality") + e.get("citizenship")]
    _put(data, "nationalities", list(dict.fromkeys(countries)))
    _put(data, "identifiers", identifiers(e))
    looks: dict[str, Any] = {}
    for prop, name in (("height", "height_cm"), ("weight", "weight_kg")):
        _put(looks, name, _number(_first(e, prop)))
    for prop, name in (("eyeColor", "eyes"), ("hairColor", "hair"), ("appearance", "marks")):
        _put(looks, name, _first(e, prop))
    _put(data, "description", looks)
    return data


def document(e: EntityProxy, status: str) -> dict[str, Any]:
    kind = (_first(e, "type") or "").lower()
    if e.schema.is_a("Passport") or "passport" in kind:
        document_type = "passport"
    elif "visa" in kind:
        document_type = "visa"
    elif "licen" in kind or "permit" in kind:
        document_type = "other"
    else:
        document_type = "identity_card"
    data: dict[str, Any] = {"document_type": document_type, "status": status}
    _put(data, "number", _first(e, "number", "passportNumber"))
    _put(data, "country", _first(e, "country"))
    _put(data, "issued_on", _date(_first(e, "startDate")))
    _put(data, "expires_on", _date(_first(e, "endDate")))
    if not e.has("holder"):
        printed = " ".join(v for v in (_first(e, "givenName"), _first(e, "surname")) if v)
        _put(data, "holder_name", printed)
    return data


def vehicle(e: EntityProxy) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "plate", _first(e, "registrationNumber"))
    _put(data, "plate_country", _first(e, "country"))
    _put(data, "model", _first(e, "model"))
    _put(data, "vehicle_type", _first(e, "type"))
    _put(data, "year", _number((_first(e, "buildDate") or "")[:4]))
    return data


def vessel(e: EntityProxy) -> dict[str, Any]:
    data: dict[str, Any] = {"name": _first(e, "name") or e.caption}
    _put(data, "imo", _first(e, "imoNumber"))
    _put(data, "mmsi", _first(e, "mmsi"))
    _put(data, "flag", _first(e, "flag", "country"))
    _put(data, "vessel_type", _first(e, "type"))
    return data


def asset(e: EntityProxy, kind: str) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": kind, "name": _first(e, "name") or e.caption}
    _put(data, "identifiers", identifiers(e))
    value, currency = _first(e, "amount", "balance"), _first(e, "currency")
    if value and currency:
        data["estimated_value"], data["currency"] = value, currency.upper()
    _put(data, "country", _first(e, "country", "jurisdiction", "flag"))
    _put(data, "description", _first(e, "description", "summary"))
    return data


def artwork(e: EntityProxy) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "title", _first(e, "name"))
    _put(data, "description", _first(e, "description", "summary"))
    return data


def links_of(e: EntityProxy) -> list[LinkRef]:
    if e.schema.is_a("Identification"):
        return [LinkRef(h, "holder", T.PERSON.value) for h in e.get("holder")]
    return [LinkRef(o, "owner") for o in e.get("owner", quiet=True) + e.get("holder", quiet=True)]


def classify(e: EntityProxy) -> tuple[RecordType, str | None] | None:
    for name, record_type, kind in SCHEMATA:
        if e.schema.is_a(name):
            return record_type, kind
    if e.schema.name == "Asset":
        return T.ASSET, "other"
    return None


def map_entity(e: EntityProxy, record_type: RecordType, status: str) -> dict[str, Any]:
    """The record data the entity's properties say, for ``record_type``."""
    match record_type:
        case T.PERSON:
            return person(e)
        case T.DOCUMENT:
            return document(e, status)
        case T.VEHICLE:
            return vehicle(e)
        case T.VESSEL:
            return vessel(e)
        case T.ARTWORK:
            return artwork(e)
        case T.ASSET:
            found = classify(e)
            kind = found[1] if found and found[1] else KINDS.get(e.schema.name, "other")
            return asset(e, kind)
    return {}


class EntityReader:
    """Reads one entity (a JSON object) at a time; remembers the entity ids Concord's own
    exports gave records whose ``owner_ref`` is not a valid FtM id."""

    def __init__(self, *, owner: str, status: str) -> None:
        self.owner = owner
        self.status = status
        self._aliases: dict[str, str] = {}

    def ref(self, entity_id: str) -> str:
        return self._aliases.get(entity_id, entity_id)

    def read(self, obj: dict[str, Any]) -> Incoming | LinkOnly | Rejected:
        props = obj.get("properties", {})
        if not isinstance(props, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in props.values()
        ):
            return Rejected("properties must map each property to a list of strings")
        if not isinstance(obj.get("schema"), str):
            return Rejected("not a FollowTheMoney entity: schema must be a schema name")
        try:
            e = model.get_proxy(obj)
        except InvalidData as exc:
            return Rejected(f"not a FollowTheMoney entity: {exc}")
        if not e.id:
            return Rejected("an entity needs an id (it becomes the record's owner_ref)")
        if e.schema.is_a("Ownership"):
            owner, owned = _first(e, "owner"), _first(e, "asset")
            if not owner or not owned:
                return Rejected("an Ownership needs an owner and an asset", e.id)
            return LinkOnly(self.ref(owned), LinkRef(self.ref(owner), "owner"))
        found = classify(e)
        context = obj.get(CONTEXT) or {}
        if not isinstance(context, dict):
            return Rejected(f"'{CONTEXT}' must be an object", e.id)
        if found is None and "type" not in context:
            return Rejected(f"schema {e.schema.name} is not imported", e.id)
        try:
            return self._record(e, found, context)
        except (ValueError, TypeError) as exc:
            return Rejected(f"{CONTEXT}: {exc}", e.id)

    def _record(
        self, e: EntityProxy, found: tuple[RecordType, str | None] | None, ctx: dict[str, Any]
    ) -> Incoming | Rejected:
        assert e.id is not None
        record_type = RecordType(ctx["type"]) if "type" in ctx else found[0]  # type: ignore[index]
        owner_ref = str(ctx.get("owner_ref") or e.id)
        if str(ctx.get("owner", self.owner)).upper() != self.owner:
            return Rejected(
                f"a record of another owner ({ctx['owner']}); this import is for {self.owner}",
                owner_ref,
            )
        if owner_ref != e.id:
            self._aliases[e.id] = owner_ref
        data = map_entity(e, record_type, self.status)
        merge_extra(data, ctx.get("data") or {})
        countries = ctx.get("countries") or []
        if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
            raise ValueError("countries must be a list of country codes")
        note = ctx.get("handling_note")
        if note is not None and not isinstance(note, str):
            raise ValueError("handling_note must be text")
        record = RecordInput(
            type=record_type.value,
            data=data,
            owner_ref=owner_ref,
            reliability=str(ctx.get("reliability", "B")),
            handling=str(ctx.get("handling", "H0")),
            handling_note=note,
            restriction=str(ctx.get("restriction", "all")),
            countries=countries,
        )
        links = tuple(LinkRef(self.ref(x.to_ref), x.kind, x.to_type) for x in links_of(e))
        return Incoming(record, links)
