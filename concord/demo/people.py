"""Who the demo dataset contains: the demo countries with the Faker locale that names their
people in their own script, and the Secretariat's staff.

Usernames are fixed (``fr.admin``, ``gs.reviewer``, ...); display names come from Faker, seeded
per person from the demo seed and the username, so the same seed gives the same names (with the
same Faker version) and a different seed gives different ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from random import Random

from faker import Faker

from concord.auth.roles import Role


@dataclass(frozen=True)
class DemoCountry:
    code: str  # ISO 3166-1 alpha-2, a member country
    locale: str  # Faker locale whose person provider writes names in the local script
    greeting: str  # "welcome" in the local language, for the welcome notification
    family_first: bool = False  # family name first (Chinese, Japanese, Korean)
    separator: str = " "  # between the two names ("" for Chinese and Korean)


#: The demo's NCBs: every continent and Latin, Greek, Cyrillic, Arabic, Devanagari, Thai,
#: Chinese, Japanese and Korean script.
COUNTRIES: tuple[DemoCountry, ...] = (
    DemoCountry("FR", "fr_FR", "Bienvenue"),
    DemoCountry("DE", "de_DE", "Willkommen"),
    DemoCountry("ES", "es_ES", "Bienvenido"),
    DemoCountry("IT", "it_IT", "Benvenuti"),
    DemoCountry("GR", "el_GR", "Καλώς ήρθατε"),
    DemoCountry("TR", "tr_TR", "Hoş geldiniz"),
    DemoCountry("RU", "ru_RU", "Добро пожаловать"),
    DemoCountry("US", "en_US", "Welcome"),
    DemoCountry("BR", "pt_BR", "Bem-vindo"),
    DemoCountry("NG", "yo_NG", "Ẹ kú àbọ̀"),
    # Faker's ar_EG has no Arabic person names; ar_AA is its generic Arabic locale.
    DemoCountry("EG", "ar_AA", "أهلاً وسهلاً"),
    DemoCountry("SA", "ar_SA", "مرحباً"),
    DemoCountry("IN", "hi_IN", "स्वागत है"),
    DemoCountry("TH", "th_TH", "ยินดีต้อนรับ"),
    DemoCountry("CN", "zh_CN", "欢迎", family_first=True, separator=""),
    DemoCountry("JP", "ja_JP", "ようこそ", family_first=True),
    DemoCountry("KR", "ko_KR", "환영합니다", family_first=True, separator=""),
)

BY_CODE = {c.code: c for c in COUNTRIES}


@dataclass(frozen=True)
class DemoPerson:
    """A person of the demo (``kind='user'``): logs in with the demo password and a TOTP code."""

    username: str
    role: Role
    country: str | None  # None for the Secretariat and the CCF
    locale: str  # of the display name
    family_first: bool = False
    separator: str = " "


def _staff(username: str, role: Role, country: str | None, locale_of: str) -> DemoPerson:
    ref = BY_CODE[locale_of]
    return DemoPerson(username, role, country, ref.locale, ref.family_first, ref.separator)


#: The Secretariat (in Lyon, staffed from everywhere), the CCF and a General Assembly delegate.
STAFF: tuple[DemoPerson, ...] = (
    _staff("gs.admin", Role.GS_ADMIN, None, "FR"),
    _staff("gs.officer", Role.GS_OFFICER, None, "NG"),
    _staff("gs.reviewer", Role.GS_REVIEWER, None, "IN"),
    _staff("gs.auditor", Role.AUDITOR, None, "DE"),
    _staff("ccf.member", Role.CCF_MEMBER, None, "EG"),
    _staff("kr.delegate", Role.DELEGATE, "KR", "KR"),
)


def people() -> list[DemoPerson]:
    """Every person of the demo, in creation order: each NCB's admin and operator, then staff."""
    out: list[DemoPerson] = []
    for c in COUNTRIES:
        prefix = c.code.lower()
        for suffix, role in (("admin", Role.NCB_ADMIN), ("operator", Role.NCB_OPERATOR)):
            out.append(
                DemoPerson(
                    f"{prefix}.{suffix}", role, c.code, c.locale, c.family_first, c.separator
                )
            )
    out.extend(STAFF)
    return out


@cache
def _faker(locale: str) -> Faker:
    # Only the person provider: loading all of Faker's providers costs ~50 ms a locale.
    return Faker(locale, providers=["faker.providers.person"])


def display_name(person: DemoPerson, seed: int) -> str:
    """The person's name in their locale's script, the same for the same seed."""
    key = f"concord-demo:{seed}:{person.username}"
    fake = _faker(person.locale)
    fake.seed_instance(key)
    if Random(key).random() < 0.5:  # noqa: S311 - choosing a name, not a secret
        given, family = fake.first_name_female(), fake.last_name_female()
    else:
        given, family = fake.first_name_male(), fake.last_name_male()
    parts = (family, given) if person.family_first else (given, family)
    return person.separator.join(parts)
