"""Sample record payloads of every type, valid as entered by an owner."""

from typing import Any

PERSON: dict[str, Any] = {
    "names": [
        {"given": "Ahmed", "family": "Haddad", "kind": "primary"},
        {"full": "أحمد حداد", "kind": "primary", "lang": "ar"},
        {"full": "Ahmad al-Haddad", "kind": "alias"},
    ],
    "birth_date": "1981-04",
    "birth_place": "Alexandria",
    "sex": "M",
    "nationalities": ["EG", "FRA"],
    "identifiers": [{"scheme": "national_id", "value": "29104010101234", "country": "EG"}],
    "description": {"height_cm": 178, "eyes": "brown"},
}

DOCUMENT: dict[str, Any] = {
    "number": "L898902C3",
    "country": "FR",
    "document_type": "passport",
    "status": "stolen",
    "issued_on": "2019-03-02",
    "expires_on": "2029-03-01",
    "reported_on": "2024-06-01",
    "check_digit": "6",
}

VEHICLE: dict[str, Any] = {
    "vin": "1M8GDM9AXKP042788",
    "plate": "ab-123-cd",
    "plate_country": "FR",
    "make": "Renault",
    "model": "Clio",
    "colour": "grey",
    "year": 2019,
    "vehicle_type": "car",
}

ARTWORK: dict[str, Any] = {
    "title": "Vase with poppies",
    "artist": "Vincent van Gogh",
    "object_type": "painting",
    "period": "1886",
    "dimensions": "65 x 54 cm",
    "materials": "oil on canvas",
}

FIREARM: dict[str, Any] = {
    "serial": "AB-12345",
    "make": "Glock",
    "model": "17",
    "calibre": "9x19mm",
    "firearm_type": "pistol",
}

VESSEL: dict[str, Any] = {
    "imo": "IMO 9074729",
    "mmsi": "227123456",
    "name": "Mistral",
    "flag": "FR",
    "vessel_type": "yacht",
}

ASSET: dict[str, Any] = {
    "kind": "bank_account",
    "name": "Account at Banque Exemple",
    "identifiers": [{"scheme": "iban", "value": "GB82 WEST 1234 5698 7654 32"}],
    "declared_owner": "Ahmed Haddad",
    "estimated_value": "1250000.00",
    "currency": "EUR",
    "country": "GB",
}

ALL: dict[str, dict[str, Any]] = {
    "person": PERSON,
    "document": DOCUMENT,
    "vehicle": VEHICLE,
    "artwork": ARTWORK,
    "firearm": FIREARM,
    "vessel": VESSEL,
    "asset": ASSET,
}
