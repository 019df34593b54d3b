"""What can be seized, in which units, and the caps beyond which a figure is refused as
impossible (a typing error, not a result).

Each commodity belongs to a *kind*; each kind has the units it may be counted in and a cap
per report line, expressed in the kind's base unit. Units are converted to the base unit only
to check the cap; the line keeps the unit it was reported in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A way of counting: the units allowed, their factor to the base unit, the cap."""

    name: str
    units: dict[str, float]
    cap: float  # in the base unit (the unit whose factor is 1)
    base: str


MASS = Measure("mass", {"g": 0.001, "kg": 1.0, "t": 1000.0}, cap=1_000_000.0, base="kg")
COUNT = Measure("count", {"pieces": 1.0}, cap=1_000_000_000.0, base="pieces")
VOLUME = Measure("volume", {"l": 0.001, "m3": 1.0}, cap=10_000_000.0, base="m3")
ANIMALS = Measure("animals", {"head": 1.0}, cap=10_000_000.0, base="head")

#: Units a line may use, whatever the commodity (the commodity then narrows them).
UNITS: tuple[str, ...] = ("g", "kg", "t", "pieces", "l", "m3", "head")


@dataclass(frozen=True)
class Commodity:
    name: str
    group: str  # drugs | weapons | wildlife | goods | other
    measures: tuple[Measure, ...]
    #: a tighter cap in the base unit of the first measure (e.g. firearms per line)
    cap: float | None = None

    def units(self) -> list[str]:
        return [u for m in self.measures for u in m.units]

    def measure_of(self, unit: str) -> Measure | None:
        for m in self.measures:
            if unit in m.units:
                return m
        return None


def _c(name: str, group: str, *measures: Measure, cap: float | None = None) -> Commodity:
    return Commodity(name, group, measures, cap)


COMMODITIES: dict[str, Commodity] = {
    c.name: c
    for c in (
        # drugs: weighed; tablets may be counted
        _c("cocaine", "drugs", MASS, cap=100_000.0),
        _c("heroin", "drugs", MASS, cap=100_000.0),
        _c("cannabis", "drugs", MASS),
        _c("methamphetamine", "drugs", MASS, COUNT, cap=100_000.0),
        _c("amphetamine", "drugs", MASS, COUNT, cap=100_000.0),
        _c("fentanyl", "drugs", MASS, cap=10_000.0),
        _c("synthetic_opioids", "drugs", MASS, COUNT, cap=10_000.0),
        _c("captagon", "drugs", COUNT, MASS),
        _c("ecstasy", "drugs", COUNT, MASS),
        _c("new_psychoactive_substances", "drugs", MASS, COUNT),
        _c("precursor_chemicals", "drugs", MASS, VOLUME),
        # weapons: counted
        _c("firearms", "weapons", COUNT, cap=1_000_000.0),
        _c("firearm_parts", "weapons", COUNT, cap=10_000_000.0),
        _c("ammunition", "weapons", COUNT),
        _c("explosives", "weapons", MASS, COUNT, cap=1_000_000.0),
        # wildlife and forestry
        _c("ivory", "wildlife", MASS, COUNT, cap=100_000.0),
        _c("rhino_horn", "wildlife", MASS, COUNT, cap=10_000.0),
        _c("pangolin_scales", "wildlife", MASS, cap=100_000.0),
        _c("live_animals", "wildlife", ANIMALS),
        _c("animal_products", "wildlife", MASS, COUNT),
        _c("marine_products", "wildlife", MASS, ANIMALS),
        _c("timber", "wildlife", VOLUME, MASS),
        _c("charcoal", "wildlife", MASS),
        _c("protected_plants", "wildlife", COUNT, MASS),
        # goods
        _c("counterfeit_medicines", "goods", COUNT, MASS),
        _c("counterfeit_goods", "goods", COUNT),
        _c("cigarettes", "goods", COUNT),
        _c("alcohol", "goods", VOLUME),
        _c("fuel", "goods", VOLUME, MASS),
        _c("gold", "goods", MASS, cap=100_000.0),
        _c("cultural_objects", "goods", COUNT, cap=1_000_000.0),
        _c("electronic_devices", "goods", COUNT, cap=10_000_000.0),
        _c("vehicle_parts", "goods", COUNT),
        _c("waste", "goods", MASS, VOLUME),
        _c("cash", "other", COUNT),
    )
}


def check_quantity(commodity: Commodity, quantity: float, unit: str) -> str | None:
    """Why ``quantity unit`` of ``commodity`` cannot be right, or None."""
    measure = commodity.measure_of(unit)
    if measure is None:
        return (
            f"unit '{unit}' does not fit {commodity.name}: use one of "
            f"{', '.join(commodity.units())}"
        )
    if quantity <= 0:
        return "quantity must be greater than 0"
    base = quantity * measure.units[unit]
    cap = measure.cap
    if commodity.cap is not None and measure is commodity.measures[0]:
        cap = min(cap, commodity.cap)
    if base > cap:
        return (
            f"{quantity:g} {unit} of {commodity.name} is beyond the plausible maximum of "
            f"{cap:g} {measure.base} per line"
        )
    return None
