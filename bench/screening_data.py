"""Reproducible synthetic data for bench/screening.py: persons with names from several Faker
locales (Latin and not), travel documents with valid ICAO check digits, VINs with valid check
digits, and realistic queries (typos, reordering, dropped middle names, transliterated forms,
OCR confusions, and names and numbers that are absent)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from concord.records.identifiers import check_digit, vin_check_digit
from concord.screening.index import IndexedRecord

LOCALES = {
    "en_US": "US", "fr_FR": "FR", "de_DE": "DE", "es_ES": "ES", "it_IT": "IT", "tr_TR": "TR",
    "ru_RU": "RU", "uk_UA": "UA", "ar_AA": "EG", "zh_CN": "CN", "ja_JP": "JP", "el_GR": "GR",
    "pl_PL": "PL", "pt_BR": "BR", "hi_IN": "IN",
}  # fmt: skip
OWNERS = ("FR", "DE", "IT", "ES", "GB", "NL", "US", "BR", "JP", "TR")
ISSUERS = ("FR", "DE", "IT", "ES", "GB", "NL", "US", "BR", "JP", "TR", "D", "GBD", "UTO")
ALNUM = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
REVIEW = datetime(2040, 1, 1, tzinfo=UTC)


def record_id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def restriction(rng: random.Random) -> tuple[str, tuple[str, ...]]:
    r = rng.random()
    if r < 0.01:
        return "only", (rng.choice(OWNERS),)
    if r < 0.02:
        return "except", (rng.choice(OWNERS),)
    return "all", ()


def person_names(count: int, seed: int) -> list[tuple[str, str]]:
    """(name, nationality) for ``count`` persons, locales in turn, reproducible."""
    from faker import Faker

    fakers = []
    for i, locale in enumerate(LOCALES):
        f = Faker(locale)
        f.seed_instance(seed + i)
        fakers.append((f, LOCALES[locale]))
    out = []
    for n in range(count):
        f, nationality = fakers[n % len(fakers)]
        out.append((f.name(), nationality))
    return out


def persons(names: list[tuple[str, str]], seed: int) -> Iterator[IndexedRecord]:
    rng = random.Random(seed)
    for name, nationality in names:
        kind, countries = restriction(rng)
        born = datetime(1940, 1, 1) + timedelta(days=rng.randrange(25_000))
        yield IndexedRecord(
            id=record_id(rng), type="person", owner=rng.choice(OWNERS), restriction=kind,
            countries=countries, review_at=REVIEW, names=(name,),
            birth_date=born.date().isoformat(), nationalities=(nationality,),
            sex=rng.choice("MF"),
        )  # fmt: skip


def document_numbers(count: int, seed: int) -> Iterator[tuple[str, str]]:
    """(issuer, number) with a valid ICAO check digit as the number's last character."""
    rng = random.Random(seed)
    for _ in range(count):
        body = "".join(rng.choices(ALNUM, k=8))
        yield rng.choice(ISSUERS), body + check_digit(body)


def documents(count: int, seed: int) -> Iterator[IndexedRecord]:
    from concord.screening.index import ExactKind, normalise_key

    rng = random.Random(seed + 1)
    for issuer, number in document_numbers(count, seed):
        kind, countries = restriction(rng)
        yield IndexedRecord(
            id=record_id(rng), type="document", owner=rng.choice(OWNERS), restriction=kind,
            countries=countries, review_at=REVIEW,
            key=normalise_key(ExactKind.DOCUMENT, f"{issuer}:{number}"),
            status=rng.choice(("stolen", "lost", "revoked")),
        )  # fmt: skip


def vins(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        v = "".join(rng.choices(VIN_CHARS, k=17))
        yield v[:8] + vin_check_digit(v) + v[9:]


OCR = {"0": "O", "1": "I", "5": "S", "8": "B", "O": "0", "I": "1", "S": "5", "B": "8"}


def document_queries(
    count: int, documents: int, seed: int, present_share: float = 0.02
) -> list[str]:
    """``present_share`` present, a quarter as many present with an OCR confusion, the rest
    absent (border screening finds little: most travellers' documents are not reported)."""
    rng = random.Random(seed + 7)
    wanted = sorted(
        rng.sample(range(documents), min(documents, max(1, int(count * present_share))))
    )
    present = []
    it = document_numbers(documents, seed)
    at = 0
    for w in wanted:
        while at < w:
            next(it)
            at += 1
        issuer, number = next(it)
        at += 1
        present.append(f"{issuer}:{number}")
    out = []
    for _ in range(count):
        r = rng.random()
        if r < present_share and present:
            out.append(rng.choice(present))
        elif r < present_share * 1.25 and present:
            issuer, number = rng.choice(present).split(":")
            spots = [j for j, ch in enumerate(number) if ch in OCR]
            if spots:
                j = rng.choice(spots)
                number = number[:j] + OCR[number[j]] + number[j + 1 :]
            out.append(f"{issuer}:{number}")
        else:
            body = "".join(rng.choices(ALNUM, k=8))
            out.append(f"{rng.choice(ISSUERS)}:{body}{check_digit(body)}")
    return out


def name_variant(name: str, latin: str, rng: random.Random) -> tuple[str, str]:
    """A query for an indexed ``name`` (``latin``: its transliterated form): (query, how)."""
    words = latin.split() if not name.isascii() else name.split()
    how = rng.choice(["typo", "reorder", "drop_middle", "transliterated", "exact"])
    if how == "transliterated" or (how == "exact" and not name.isascii()):
        return latin, "transliterated"
    if how == "exact":
        return name, how
    if how == "reorder" and len(words) >= 2:
        return " ".join([words[-1], *words[:-1]]), how
    if how == "drop_middle" and len(words) >= 3:
        return " ".join([words[0], words[-1]]), how
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[longest]
    if len(w) >= 4:
        j = rng.randrange(1, len(w) - 1)
        w = w[:j] + rng.choice("aeioun") + w[j + 1 :] if rng.random() < 0.5 else w[:j] + w[j + 1 :]
    words[longest] = w
    return " ".join(words), "typo"
