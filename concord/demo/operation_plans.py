"""The demo operations' plan: which series run in which years, led by whom, with which demo
countries, and what each series' participants typically report (used by
:mod:`concord.demo.operations`). Values are rough orders of magnitude of public figures."""

from __future__ import annotations

from dataclasses import dataclass

CURRENCY = {
    "FR": "EUR",
    "DE": "EUR",
    "ES": "EUR",
    "IT": "EUR",
    "GR": "EUR",
    "TR": "TRY",
    "RU": "RUB",
    "US": "USD",
    "BR": "BRL",
    "NG": "NGN",
    "EG": "EGP",
    "SA": "SAR",
    "IN": "INR",
    "TH": "THB",
    "CN": "CNY",
    "JP": "JPY",
    "KR": "KRW",
}

#: approximate value in USD of one unit (commodity, unit)
PRICE: dict[tuple[str, str], float] = {
    ("cocaine", "kg"): 30_000,
    ("heroin", "kg"): 25_000,
    ("methamphetamine", "kg"): 12_000,
    ("cannabis", "kg"): 2_500,
    ("captagon", "pieces"): 8,
    ("fentanyl", "kg"): 50_000,
    ("ivory", "kg"): 900,
    ("pangolin_scales", "kg"): 400,
    ("timber", "m3"): 700,
    ("live_animals", "head"): 350,
    ("marine_products", "kg"): 60,
    ("charcoal", "t"): 400,
    ("protected_plants", "pieces"): 25,
    ("counterfeit_medicines", "pieces"): 1.5,
    ("counterfeit_goods", "pieces"): 18,
    ("cigarettes", "pieces"): 0.15,
    ("firearms", "pieces"): 1_400,
    ("ammunition", "pieces"): 0.8,
    ("explosives", "kg"): 60,
    ("cultural_objects", "pieces"): 4_500,
    ("gold", "kg"): 60_000,
    ("fuel", "l"): 0.9,
}


@dataclass(frozen=True)
class Kind:
    """What an operation series is about and what its participants typically report."""

    area: str
    unit: str
    objectives: str
    seizures: tuple[tuple[str, str, float, float], ...] = ()  # commodity, unit, min, max
    arrests: tuple[int, int] = (5, 60)
    victims: tuple[int, int] = (0, 0)
    vehicles: tuple[int, int] = (0, 0)
    assets: tuple[float, float] = (0, 0)  # USD per country
    takedowns: tuple[int, int] = (0, 0)


SERIES: dict[str, Kind] = {
    "THUNDER": Kind(
        "environmental_crime",
        "Environmental Security Programme",
        "Disrupt wildlife and timber trafficking networks at borders, ports and markets.",
        (
            ("ivory", "kg", 20, 900),
            ("pangolin_scales", "kg", 50, 3_000),
            ("timber", "m3", 40, 2_500),
            ("live_animals", "head", 20, 1_500),
            ("marine_products", "kg", 200, 8_000),
            ("protected_plants", "pieces", 100, 5_000),
        ),
        arrests=(10, 120),
    ),
    "HAECHI": Kind(
        "financial_crime",
        "Financial Crime and Anti-Corruption Centre",
        "Trace and recover proceeds of cyber-enabled fraud: voice phishing, romance and "
        "investment scams, business e-mail compromise.",
        arrests=(10, 250),
        assets=(400_000, 45_000_000),
    ),
    "SERENGETI": Kind(
        "cybercrime",
        "Cybercrime Directorate, African Joint Operation against Cybercrime",
        "Take down ransomware, online fraud and business e-mail compromise infrastructure in "
        "Africa.",
        arrests=(40, 400),
        assets=(100_000, 5_000_000),
        takedowns=(10, 900),
    ),
    "SOTERIA": Kind(
        "human_trafficking",
        "Human Trafficking and Migrant Smuggling unit",
        "Rescue victims of trafficking and forced labour and arrest the networks exploiting them.",
        arrests=(5, 90),
        victims=(10, 400),
        vehicles=(0, 12),
    ),
    "BINGHE": Kind(
        "fugitives",
        "Fugitive Investigative Support unit",
        "Locate and arrest fugitives wanted for serious crimes who fled abroad.",
        arrests=(3, 40),
        assets=(0, 2_000_000),
    ),
    "PANGEA": Kind(
        "counterfeit_goods",
        "Illicit Markets sub-directorate",
        "Seize counterfeit and falsified medicines sold online and shut down illicit pharmacies.",
        (("counterfeit_medicines", "pieces", 20_000, 4_000_000),),
        arrests=(2, 60),
        takedowns=(20, 3_000),
    ),
    "TRIGGER": Kind(
        "firearms",
        "Firearms Programme (iARMS)",
        "Trace and seize illicit firearms and ammunition moving across borders.",
        (
            ("firearms", "pieces", 20, 2_000),
            ("ammunition", "pieces", 5_000, 400_000),
            ("explosives", "kg", 5, 800),
        ),
        arrests=(10, 150),
    ),
    "PANDORA": Kind(
        "cultural_property",
        "Works of Art unit",
        "Recover stolen and looted cultural goods, online and in the art market.",
        (("cultural_objects", "pieces", 30, 9_000),),
        arrests=(2, 60),
    ),
    "LIONFISH": Kind(
        "drugs",
        "Drugs and Organized Crime sub-directorate",
        "Intercept maritime drug shipments and dismantle the trafficking routes behind them.",
        (
            ("cocaine", "kg", 100, 30_000),
            ("heroin", "kg", 20, 2_000),
            ("methamphetamine", "kg", 50, 5_000),
            ("cannabis", "kg", 500, 40_000),
            ("captagon", "pieces", 100_000, 8_000_000),
        ),
        arrests=(10, 200),
        vehicles=(0, 8),
    ),
    "CARBACK": Kind(
        "vehicle_crime",
        "Stolen Motor Vehicles unit",
        "Identify and recover stolen vehicles shipped abroad and arrest the networks exporting "
        "them.",
        arrests=(5, 80),
        vehicles=(10, 500),
    ),
}


@dataclass(frozen=True)
class Plan:
    series: str
    name: str
    year: int
    lead: str | None  # None: the Secretariat
    countries: tuple[str, ...]
    start: tuple[int, int]  # month, day
    days: int


def plans(first: int) -> list[Plan]:
    """The operations of the five years ``first`` .. ``first + 4`` (the current year apart)."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII"]
    out: list[Plan] = []
    thunder = ("BR", "NG", "TH", "CN", "IN", "FR", "DE", "ES", "IT", "US", "EG", "SA", "KR", "TR")
    haechi = ("KR", "JP", "CN", "IN", "TH", "US", "FR", "ES", "IT", "DE", "SA", "BR")
    for i, y in enumerate(range(first, first + 5)):
        out.append(Plan("THUNDER", f"THUNDER {y}", y, None, thunder, (9, 15), 45))
        out.append(Plan("HAECHI", f"HAECHI {roman[i + 1]}", y, None, haechi, (7, 1), 150))
    for y in (first + 3, first + 4):
        out.append(Plan("SERENGETI", f"SERENGETI {y}", y, None, ("NG", "EG"), (8, 2), 60))
    for y in (first + 1, first + 3):
        out.append(
            Plan(
                "SOTERIA",
                f"SOTERIA {y}",
                y,
                None,
                ("ES", "IT", "GR", "TR", "NG", "BR", "TH", "FR"),
                (4, 10),
                30,
            )
        )
    for y in (first, first + 2, first + 4):
        out.append(
            Plan(
                "BINGHE", f"BINGHE {y}", y, "CN", ("CN", "TH", "KR", "JP", "IN", "US"), (3, 1), 120
            )
        )
    for n, y in enumerate((first, first + 1, first + 2, first + 4)):
        out.append(
            Plan(
                "PANGEA",
                f"PANGEA {14 + n}",
                y,
                None,
                ("FR", "DE", "IT", "ES", "US", "IN", "CN", "EG", "NG", "BR", "GR", "TR"),
                (10, 3),
                21,
            )
        )
    for y in (first + 1, first + 3):
        out.append(
            Plan(
                "TRIGGER",
                f"TRIGGER {y}",
                y,
                None,
                ("BR", "US", "TR", "EG", "NG", "SA", "GR", "IT"),
                (5, 20),
                14,
            )
        )
    for y in (first, first + 2, first + 4):
        out.append(
            Plan(
                "PANDORA",
                f"PANDORA {y}",
                y,
                "ES",
                ("ES", "IT", "GR", "FR", "DE", "EG", "TR", "US"),
                (10, 1),
                60,
            )
        )
    for y in (first + 1, first + 3):
        out.append(
            Plan(
                "LIONFISH",
                f"LIONFISH {y}",
                y,
                None,
                ("BR", "ES", "FR", "IT", "US", "NG", "TR", "GR", "SA", "EG"),
                (6, 1),
                60,
            )
        )
    for y in (first + 2, first + 4):
        out.append(
            Plan(
                "CARBACK",
                f"CARBACK {y}",
                y,
                "IT",
                ("IT", "FR", "DE", "ES", "GR", "TR", "RU", "NG", "SA"),
                (2, 15),
                90,
            )
        )
    return out
