"""The record types and their fields. Each type is a Pydantic model (``extra='forbid'``) that
validates and normalises what an owner enters; :data:`RECORD_TYPES` names them, and
:func:`describe` gives the normalised main identifier (``key``) and a readable ``label``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from concord.records import checks

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Country = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3)]


class RecordType(StrEnum):
    PERSON = "person"
    DOCUMENT = "document"
    VEHICLE = "vehicle"
    ARTWORK = "artwork"
    FIREARM = "firearm"
    VESSEL = "vessel"
    ASSET = "asset"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NameKind(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"
    BIRTH = "birth"
    FORMER = "former"


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"
    OTHER = "X"
    UNKNOWN = "U"


class PersonName(_Data):
    full: Text | None = Field(None, description="The whole name as written, in its own script")
    given: Text | None = None
    family: Text | None = None
    kind: NameKind = NameKind.PRIMARY
    script: Annotated[str, StringConstraints(pattern=r"^[A-Z][a-z]{3}$")] | None = Field(
        None, description="ISO 15924 script code, e.g. Latn, Arab, Cyrl, Hans; detected if absent"
    )
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = Field(
        None, description="ISO 639 language code"
    )

    def display(self) -> str:
        if self.full:
            return self.full
        return " ".join(p for p in (self.given, self.family) if p)


class Identifier(_Data):
    scheme: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]{1,30}$")] = Field(
        description="e.g. iban, bic, isin, lei, fr.nir, es.dni, us.ssn, national_id, other"
    )
    value: Text
    country: Country | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        return checks.country(v) if v else v


class Description(_Data):
    height_cm: int | None = Field(None, ge=30, le=280)
    weight_kg: int | None = Field(None, ge=1, le=500)
    eyes: Text | None = None
    hair: Text | None = None
    marks: LongText | None = Field(None, description="Scars, marks, tattoos")


class PersonData(_Data):
    names: list[PersonName] = Field(min_length=1, max_length=50)
    birth_date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    birth_place: Text | None = None
    birth_country: Country | None = None
    sex: Sex = Sex.UNKNOWN
    nationalities: list[Country] = Field(default_factory=list, max_length=10)
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{3}$")]] | None = Field(
        None, max_length=10, description="Languages spoken, ISO 639-3 (e.g. 'rus')"
    )
    refugee: bool | None = Field(
        None, description="Recognised refugee or asylum seeker: weighs in a notice review (Art. 3)"
    )
    political_figure: bool | None = Field(
        None, description="A known political figure, activist or journalist (Art. 3)"
    )
    identifiers: list[Identifier] = Field(default_factory=list, max_length=50)
    description: Description | None = None
    photos: list[Text] = Field(
        default_factory=list, max_length=20, description="References to photos kept elsewhere"
    )

    @field_validator("names")
    @classmethod
    def _names(cls, names: list[PersonName]) -> list[PersonName]:
        for name in names:
            if not name.display():
                raise ValueError("a name needs 'full' or 'given'/'family'")
        return [
            n.model_copy(update={"script": n.script or checks.script_of(n.display())})
            for n in names
        ]

    @field_validator("birth_date")
    @classmethod
    def _birth(cls, v: str | None) -> str | None:
        return checks.birth_date(v) if v else v

    @field_validator("nationalities")
    @classmethod
    def _nationalities(cls, v: list[str]) -> list[str]:
        return [checks.country(c) for c in v]

    @field_validator("birth_country")
    @classmethod
    def _birth_country(cls, v: str | None) -> str | None:
        return checks.country(v) if v else v


class DocumentType(StrEnum):
    PASSPORT = "passport"
    IDENTITY_CARD = "identity_card"
    VISA = "visa"
    OTHER = "other"


class DocumentStatus(StrEnum):
    STOLEN = "stolen"
    LOST = "lost"
    REVOKED = "revoked"
    INVALIDATED = "invalidated"
    STOLEN_BLANK = "stolen_blank"


class DocumentData(_Data):
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
    country: Country = Field(description="Issuing country")
    document_type: DocumentType
    status: DocumentStatus
    issued_on: date | None = None
    expires_on: date | None = None
    reported_on: date | None = None
    check_digit: Annotated[str, StringConstraints(pattern=r"^[0-9]$")] | None = Field(
        None, description="ICAO 9303 check digit of the number, if known; verified"
    )
    holder_name: Text | None = Field(None, description="As printed, if no person is linked")

    @field_validator("number")
    @classmethod
    def _number(cls, v: str) -> str:
        return checks.document_number(v)

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        return checks.country(v)

    def model_post_init(self, _context: Any) -> None:
        checks.document_dates(self.issued_on, self.expires_on, self.reported_on)
        if self.check_digit is not None:
            checks.document_check_digit(self.number, self.check_digit)


class VehicleData(_Data):
    vin: Annotated[str, StringConstraints(strip_whitespace=True, max_length=30)] | None = None
    plate: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None
    plate_country: Country | None = None
    make: Text | None = None
    model: Text | None = None
    colour: Text | None = None
    year: int | None = Field(None, ge=1885, le=2100)
    vehicle_type: Text | None = Field(None, description="car, motorcycle, truck, trailer, ...")

    @field_validator("plate_country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        return checks.country(v) if v else v

    def model_post_init(self, _context: Any) -> None:
        if not self.vin and not self.plate:
            raise ValueError("a vehicle needs a VIN or a plate")
        if self.vin:
            object.__setattr__(self, "vin", checks.vin(self.vin))
        if self.plate:
            object.__setattr__(self, "plate", checks.plate(self.plate))


class ArtworkData(_Data):
    title: Text
    artist: Text | None = None
    object_type: Text = Field(description="painting, sculpture, manuscript, coin, ...")
    period: Text | None = None
    dimensions: Text | None = None
    materials: Text | None = None
    description: LongText | None = None


class FirearmData(_Data):
    serial: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    make: Text
    model: Text | None = None
    calibre: Text | None = None
    firearm_type: Text | None = Field(None, description="pistol, revolver, rifle, shotgun, ...")


class VesselData(_Data):
    imo: Annotated[str, StringConstraints(strip_whitespace=True, max_length=12)] | None = None
    mmsi: Annotated[str, StringConstraints(strip_whitespace=True, max_length=12)] | None = None
    name: Text
    flag: Country | None = None
    vessel_type: Text | None = None

    @field_validator("imo")
    @classmethod
    def _imo(cls, v: str | None) -> str | None:
        return checks.imo(v) if v else v

    @field_validator("mmsi")
    @classmethod
    def _mmsi(cls, v: str | None) -> str | None:
        return checks.mmsi(v) if v else v

    @field_validator("flag")
    @classmethod
    def _flag(cls, v: str | None) -> str | None:
        return checks.country(v) if v else v


class AssetKind(StrEnum):
    BANK_ACCOUNT = "bank_account"
    COMPANY_SHARE = "company_share"
    REAL_ESTATE = "real_estate"
    VEHICLE = "vehicle"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    CRYPTO_WALLET = "crypto_wallet"
    OTHER = "other"


class AssetData(_Data):
    kind: AssetKind
    name: Text = Field(description="What the asset is, e.g. 'Villa Rosa, Marbella'")
    identifiers: list[Identifier] = Field(
        default_factory=list, max_length=20, description="IBAN, land title, registration, ..."
    )
    declared_owner: Text | None = None
    estimated_value: Decimal | None = Field(None, ge=0, max_digits=20, decimal_places=2)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    country: Country | None = Field(None, description="Where the asset is")
    description: LongText | None = None

    @field_validator("identifiers")
    @classmethod
    def _identifiers(cls, v: list[Identifier]) -> list[Identifier]:
        return [i.model_copy(update={"value": checks.identifier(i.scheme, i.value)}) for i in v]

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str | None) -> str | None:
        return checks.currency(v) if v else v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        return checks.country(v) if v else v

    def model_post_init(self, _context: Any) -> None:
        if self.estimated_value is not None and self.currency is None:
            raise ValueError("an estimated value needs its currency")


RECORD_TYPES: dict[RecordType, type[_Data]] = {
    RecordType.PERSON: PersonData,
    RecordType.DOCUMENT: DocumentData,
    RecordType.VEHICLE: VehicleData,
    RecordType.ARTWORK: ArtworkData,
    RecordType.FIREARM: FirearmData,
    RecordType.VESSEL: VesselData,
    RecordType.ASSET: AssetData,
}


def describe(record_type: RecordType, data: BaseModel) -> tuple[str | None, str]:
    """The normalised main identifier (indexed for exact lookups) and a readable label."""
    match data:
        case PersonData():
            primary = next((n for n in data.names if n.kind == NameKind.PRIMARY), data.names[0])
            born = f" ({data.birth_date})" if data.birth_date else ""
            return None, f"{primary.display()}{born}"
        case DocumentData():
            return f"{data.country}:{data.number}", (
                f"{data.document_type.replace('_', ' ')} {data.country} {data.number}"
            )
        case VehicleData():
            key = data.vin or f"{data.plate_country or ''}:{data.plate}"
            what = " ".join(p for p in (data.make, data.model) if p) or "vehicle"
            return key, f"{what} {data.vin or data.plate}"
        case ArtworkData():
            by = f" by {data.artist}" if data.artist else ""
            return None, f"{data.title}{by}"
        case FirearmData():
            return checks.serial(data.serial), f"{data.make} {data.model or ''} {data.serial}"
        case VesselData():
            return (f"IMO{data.imo}" if data.imo else data.mmsi), f"{data.name}"
        case AssetData():
            first = data.identifiers[0].value if data.identifiers else None
            return first, f"{data.kind.replace('_', ' ')}: {data.name}"
    raise TypeError(f"unknown record data {type(data).__name__}")  # pragma: no cover
