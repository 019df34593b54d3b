"""Validation of identifiers, country codes and dates used by records and screening.

Pure functions over strings, built on public specifications (ICAO Doc 9303, ISO 3779, ISO 3166,
ISO 8601, ITU-R M.585) and on python-stdnum and pycountry. See each module for its rules.
"""

from concord.records.identifiers.countries import (
    CountryError,
    icao_to_alpha2,
    is_country,
    normalise_country,
)
from concord.records.identifiers.crypto import validate_bitcoin, validate_ethereum
from concord.records.identifiers.dates import (
    DateRuleError,
    PartialDate,
    check_not_future,
    check_order,
    parse_partial_date,
)
from concord.records.identifiers.finance import (
    NATIONAL_SCHEMES,
    SCHEMES,
    validate_iban,
    validate_identifier,
)
from concord.records.identifiers.maritime import (
    MmsiResult,
    imo_check_digit,
    validate_imo,
    validate_mmsi,
)
from concord.records.identifiers.mrz import (
    Mrz,
    MrzError,
    check_digit,
    document_number_check,
    iso3_to_alpha2,
    parse_mrz,
)
from concord.records.identifiers.result import IdentifierResult
from concord.records.identifiers.vin import VinResult, validate_vin, vin_check_digit, wmi_region

__all__ = [
    "NATIONAL_SCHEMES",
    "SCHEMES",
    "CountryError",
    "DateRuleError",
    "IdentifierResult",
    "MmsiResult",
    "Mrz",
    "MrzError",
    "PartialDate",
    "VinResult",
    "check_digit",
    "check_not_future",
    "check_order",
    "document_number_check",
    "icao_to_alpha2",
    "imo_check_digit",
    "is_country",
    "iso3_to_alpha2",
    "normalise_country",
    "parse_mrz",
    "parse_partial_date",
    "validate_bitcoin",
    "validate_ethereum",
    "validate_iban",
    "validate_identifier",
    "validate_imo",
    "validate_mmsi",
    "validate_vin",
    "vin_check_digit",
    "wmi_region",
]
