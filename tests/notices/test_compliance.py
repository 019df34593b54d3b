"""The automated compliance checks: the labelled corpus, then each rule on its own."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from concord.notices.compliance import Charge, CheckInput, Finding, check, grounds
from tests.notices.compliance_cases import (
    ABUSIVE,
    FAMILIES,
    ORDINARY,
    TODAY,
    Case,
    charge,
    person,
    red,
    sentence,
)

WARRANT = {"warrant": {"reference": "W-1", "issued_by": "Court"}}


def raised(found: list[Finding]) -> set[str]:
    """Rules that raised a flag or a block."""
    return {f.rule for f in found if f.severity != "info"}


def red_with(text: str, facts: str | None = "Facts as described in the warrant.") -> CheckInput:
    return red("XX", person("Test Person"), [charge(text, 10, "2021")], facts)


def rules_for(text: str, facts: str | None = "Facts as described in the warrant.") -> set[str]:
    return raised(check(red_with(text, facts)))


def caught(case: Case) -> bool:
    return bool(raised(check(case.request)) & FAMILIES[case.family])


# The labelled corpus ---------------------------------------------------------------------------


def test_corpus_is_large_and_multilingual() -> None:
    assert len(ABUSIVE) >= 40
    assert len(ORDINARY) >= 40
    for cases in (ABUSIVE, ORDINARY):
        languages = [c.language for c in cases]
        counts = {lang: languages.count(lang) for lang in ("en", "fr", "es", "ar")}
        assert min(counts.values()) >= 8, counts
    assert all(c.family in FAMILIES and c.source for c in ABUSIVE)
    assert len({c.name for c in ABUSIVE + ORDINARY}) == len(ABUSIVE) + len(ORDINARY)


def test_abusive_requests_are_caught() -> None:
    missed = [c.name for c in ABUSIVE if not caught(c)]
    assert len(missed) <= len(ABUSIVE) // 10, f"missed: {missed}"


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_abusive_requests_are_caught_in_each_language(language: str) -> None:
    cases = [c for c in ABUSIVE if c.language == language]
    missed = [c.name for c in cases if not caught(c)]
    assert len(missed) <= len(cases) // 10, f"missed: {missed}"


@pytest.mark.parametrize("case", ORDINARY, ids=lambda c: c.name)
def test_ordinary_crimes_pass(case: Case) -> None:
    found = check(case.request)
    assert [f for f in found if f.severity != "info"] == []
    assert grounds(found) is None


def test_art3_cases_point_to_art3() -> None:
    art3 = [c for c in ABUSIVE if c.family in ("art3", "military", "religious")]
    wrong = [c.name for c in art3 if grounds(check(c.request)) != "art3"]
    assert len(wrong) <= len(art3) // 10, wrong


def test_private_and_behavioural_cases_give_a_ground() -> None:
    cases = [c for c in ABUSIVE if c.family in ("private", "behaviour")]
    assert all(grounds(check(c.request)) in ("other", "art3") for c in cases)


# Art. 3 and Art. 2 words, in each language --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Insulting the head of state in a television interview", "art3-political"),
        ("Insulte au chef de l'État", "art3-political"),
        ("INSULTE AU CHEF DE L\u2019ETAT", "art3-political"),  # typographic apostrophe
        ("Injurias al presidente de la República", "art3-political"),
        ("Desacato a la autoridad", "art3-political"),
        ("Ultraje a los símbolos patrios", "art3-political"),
        ("إهانة رئيس الدولة", "art3-political"),
        ("اهانه رئيس الدوله", "art3-political"),
        ("إِهَانَةُ رَئِيسِ الدَّوْلَةِ", "art3-political"),
        ("Organising an unauthorised demonstration", "art3-political"),
        ("Participation à une manifestation non autorisée", "art3-political"),
        ("Participación en manifestación no autorizada", "art3-political"),
        ("المشاركة في مظاهرة غير مرخصة", "art3-political"),
        ("Separatism and calls to violate territorial integrity", "art3-political"),
        ("Public dissemination of knowingly false information", "art3-political"),
        ("Discrediting the armed forces of the Russian Federation", "art3-political"),
        ("Desertion from the armed forces in wartime", "art3-military"),
        ("Désertion à l'étranger", "art3-military"),
        ("Deserción del servicio militar", "art3-military"),
        ("التهرب من الخدمة العسكرية الإلزامية", "art3-military"),
        ("Disclosure of military secrets", "art3-military"),
        ("Blasphemy against the Holy Prophet", "art3-religious"),
        ("Apostasie et atteinte à la religion", "art3-religious"),
        ("Blasfemia contra la religión", "art3-religious"),
        ("الردة عن الإسلام", "art3-religious"),
        ("تجديف وسب الذات الإلهية", "art3-religious"),
        ("Proselytism among Muslims", "art3-religious"),
        ("Membership of an ethnic minority association", "art3-racial"),
        ("Appartenance à un groupe ethnique interdit", "art3-racial"),
        ("Pertenencia a una minoría étnica prohibida", "art3-racial"),
        ("الانتماء إلى أقلية عرقية محظورة", "art3-racial"),
        ("Murder, punishable by death", "art2-human-rights"),
        ("Meurtre passible de la peine de mort", "art2-human-rights"),
        ("Homicidio castigado con la pena de muerte", "art2-human-rights"),
        ("القتل العمد المعاقب عليه بالإعدام", "art2-human-rights"),
        ("Theft, sentenced in absentia", "art2-human-rights"),
        ("Vol, condamnation par contumace", "art2-human-rights"),
        ("Drinking alcohol: 80 lashes", "art2-human-rights"),
    ],
)
def test_words_raise_their_rule(text: str, rule: str) -> None:
    assert rule in rules_for(text)


def test_reason_quotes_the_words_as_written() -> None:
    (finding,) = [f for f in check(red_with("Injurias al Presidente")) if f.rule.startswith("art3")]
    assert finding.severity == "flag"
    assert finding.field == "charges[0].charge"
    assert '"Injurias al Presidente"' in finding.reason


@pytest.mark.parametrize(
    "text",
    [
        "Patriotic fraud on pension savers: 300 victims",
        "Murder of a man at a protestant church hall",
        "Burglary of a deserted warehouse",
        "Theft of a vehicle from a car park in March",
        "Armed robbery at a jewellery store in the city centre",
    ],
)
def test_no_substring_false_positives(text: str) -> None:
    assert rules_for(text, "The subject used a firearm.") == set()


def test_terrorism_is_flagged_only_when_the_facts_are_speech() -> None:
    speech = "The subject posted videos on Facebook criticising the government."
    violence = "The subject detonated a bomb at a bus station, killing seven people."
    assert "art3-political" in rules_for("Acts of terrorism", speech)
    assert rules_for("Acts of terrorism", violence) == set()
    assert "art3-political" in rules_for("Apologie du terrorisme", "Publication sur Facebook.")
    assert rules_for("Actes de terrorisme", "Attentat à la bombe, six morts.") == set()
    assert "art3-political" in rules_for("التحريض على الإرهاب", "منشورات على فيسبوك")
    assert rules_for("تفجير إرهابي", "أدى التفجير إلى مقتل عشرة مدنيين") == set()


def test_extremism_is_flagged_unless_only_violence_is_described() -> None:
    assert "art3-political" in rules_for("Extremism", None)
    assert rules_for("Extremist murder of three people", "Shot dead three people.") == set()


def test_recruiting_for_a_listed_terrorist_group_is_ordinary() -> None:
    facts = "Recruited young men through Telegram channels to join ISIS in Syria."
    assert rules_for("Recruitment for a terrorist organisation", facts) == set()


# Excluded offences (RPD Art. 83) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Issuing a bounced cheque",
        "Émission de chèque sans provision",
        "Libramiento de cheque sin fondos",
        "إصدار شيك بدون رصيد",
        "شيك مرتجع",
        "Breach of contract for the supply of cement",
        "Non-payment of alimony",
        "Pension alimentaire impayée",
        "Incumplimiento de contrato de arrendamiento",
        "نزاع تجاري حول عقد توريد",
        "Overstaying a tourist visa",
    ],
)
def test_private_disputes_are_flagged(text: str) -> None:
    assert "private-dispute" in rules_for(text, "The complainant is a company.")


def test_fraud_on_many_victims_passes_even_with_cheques() -> None:
    facts = "The subject issued bounced cheques to 40 victims, all small shopkeepers."
    assert rules_for("Fraud by deception on shopkeepers", facts) == set()
    assert rules_for("Escroquerie au chèque sans provision", "Plus de 60 victimes.") == set()
    assert rules_for("احتيال بشيكات بدون رصيد", "عشرات الضحايا") == set()


def test_a_debt_mentioned_in_a_murder_is_not_a_private_dispute() -> None:
    facts = "The subject stabbed his creditor to death after a dispute over an unpaid debt."
    assert rules_for("Murder of a creditor", facts) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Adultery with a married man",
        "Adultère commis par l'épouse",
        "Adulterio de la esposa",
        "الزِّنا",
        "Homosexual acts in private",
        "Sodomie entre adultes consentants",
        "Consuming alcohol in public",
        "Absconding from her guardian's home",
        "عقوق الوالدين",
        "Practising witchcraft",
        "Brujería y hechicería",
    ],
)
def test_behavioural_offences_are_flagged(text: str) -> None:
    assert "behavioural-offence" in rules_for(text, "Reported by a relative.")


def test_sexual_abuse_of_a_child_is_not_behavioural() -> None:
    facts = "The victim, a boy aged 9, was abused repeatedly."
    assert rules_for("Sodomy committed on a minor", facts) == set()


def test_drink_driving_is_not_behavioural() -> None:
    facts = "The subject drove after drinking alcohol, killing a cyclist."
    assert rules_for("Causing death by careless driving", facts) == set()


def test_red_with_only_excluded_charges_is_not_a_serious_crime() -> None:
    only_cheques = red_with("Issuing a cheque without sufficient funds")
    assert "serious-crime" in raised(check(only_cheques))
    mixed = dataclasses.replace(
        only_cheques, charges=(*only_cheques.charges, charge("Armed robbery of a bank", 20))
    )
    assert "serious-crime" not in raised(check(mixed))
    assert "private-dispute" in raised(check(mixed))


# Refugees and political figures ------------------------------------------------------------------


def test_refugee_status_from_the_record_or_the_fields_or_the_facts() -> None:
    base = red_with("Fraud on investors: 120 victims")
    with_subject = dataclasses.replace(base, subject=person("A B", refugee=True))
    with_fields = dataclasses.replace(base, fields={**WARRANT, "refugee": True})
    with_facts = red_with("Fraud on investors: 120 victims", "Granted asylum in Canada in 2019.")
    found = [f for f in check(with_subject) if f.rule == "refugee-status"]
    assert [(f.severity, f.field) for f in found] == [("flag", "subject.refugee")]
    assert "Art. 3" in found[0].reason
    assert "fields.refugee" in {f.field for f in check(with_fields)}
    assert "refugee-status" in raised(check(with_facts))
    assert "refugee-status" not in raised(check(base))


def test_political_figures() -> None:
    base = red_with("Fraud on investors: 120 victims")
    assert "political-figure" in raised(
        check(dataclasses.replace(base, subject=person("A B", political_figure=True)))
    )
    for facts in (
        "The subject is an opposition leader living in London.",
        "L'intéressé est un opposant politique réfugié à Paris.",
        "El imputado es un periodista y activista.",
        "المتهم ناشط حقوقي ومدون معروف.",
    ):
        assert "political-figure" in rules_for("Fraud on investors: 120 victims", facts)


def test_a_journalist_who_is_the_victim_does_not_make_the_subject_one() -> None:
    assert rules_for("Murder", "The subject shot dead an investigative journalist.") <= {
        "data-quality"
    }
    assert rules_for("Murder of a journalist by car bomb", "Car bomb outside his home.") == set()


# Penalty threshold ------------------------------------------------------------------------------


def penalty(*charges: Charge) -> list[tuple[str, str]]:
    request = red("XX", person("Test Person"), list(charges), "Facts.")
    return [(f.severity, f.field or "") for f in check(request) if f.rule == "penalty-threshold"]


def test_prosecution_threshold_is_two_years() -> None:
    assert penalty(charge("Aggravated theft of a car", 2)) == []
    assert penalty(charge("Aggravated theft of a car", 1.5)) == [
        ("block", "charges[0].penalty_years")
    ]
    assert penalty(charge("Aggravated theft of a car", 1000)) == []


def test_sentence_threshold_is_six_months_left() -> None:
    assert penalty(sentence("Aggravated theft of a car", 6)) == []
    assert penalty(sentence("Aggravated theft of a car", 5)) == [
        ("block", "charges[0].remaining_months")
    ]


def test_missing_penalty_is_asked_for() -> None:
    assert penalty(Charge("Aggravated theft of a car", offence_date="2021")) == [
        ("flag", "charges[0].penalty_years")
    ]
    convicted = Charge("Aggravated theft of a car", penalty_years=10, convicted=True)
    assert penalty(convicted) == [("flag", "charges[0].remaining_months")]


def test_one_charge_over_the_threshold_carries_the_others() -> None:
    found = penalty(charge("Armed robbery of a bank", 20), charge("Driving without insurance", 1))
    assert found == [("info", "charges[1].penalty_years")]
    unknown = penalty(Charge("Armed robbery of a bank"), charge("Driving without insurance", 1))
    assert sorted(unknown) == [
        ("flag", "charges[0].penalty_years"),
        ("flag", "charges[1].penalty_years"),
    ]


def test_penalty_threshold_applies_to_red_only() -> None:
    request = dataclasses.replace(red_with("Aggravated theft of a car"), type="diffusion")
    request = dataclasses.replace(request, charges=(charge("Aggravated theft of a car", 0.5),))
    assert "penalty-threshold" not in {f.rule for f in check(request)}


# Required fields --------------------------------------------------------------------------------

SUBJECT = person("Test Person")
COMPLETE: dict[str, CheckInput] = {
    "red": red("XX", SUBJECT, [charge("Armed robbery of a bank", 20)], "Facts."),
    "yellow": CheckInput("yellow", "XX", subject=SUBJECT, fields={"date_of_event": "2025-01"}),
    "blue": CheckInput("blue", "XX", subject=SUBJECT, circumstances="Identity unknown."),
    "black": CheckInput("black", "XX", fields={"body": {"description": "Man, 40"}}),
    "green": CheckInput("green", "XX", subject=SUBJECT, circumstances="Repeat burglar."),
    "orange": CheckInput("orange", "XX", subject=SUBJECT, circumstances="Plans an attack."),
    "purple": CheckInput("purple", "XX", fields={"modus_operandi": "Skimmers in fuel pumps."}),
    "silver": CheckInput(
        "silver", "XX", circumstances="Bought with bribes.", fields={"assets": ["A1"]}
    ),
    "un": CheckInput(
        "un", "IPSG", fields={"sanctions": ["asset_freeze"], "un_reference": "QDi.001"}
    ),
    "diffusion": CheckInput("diffusion", "XX", circumstances="Wanted for a robbery."),
}


def required(request: CheckInput) -> list[tuple[str, str]]:
    found = check(dataclasses.replace(request, today=TODAY))
    return [(f.severity, f.field or "") for f in found if f.rule == "required-fields"]


@pytest.mark.parametrize("kind", sorted(COMPLETE))
def test_a_complete_request_has_everything(kind: str) -> None:
    assert required(COMPLETE[kind]) == []


@pytest.mark.parametrize(
    ("kind", "change", "field"),
    [
        ("red", {"subject": None}, "subject"),
        ("red", {"subject": {"birth_date": "1980"}}, "subject.names"),
        ("red", {"charges": ()}, "charges"),
        ("red", {"fields": {}}, "fields.warrant"),
        ("yellow", {"subject": None}, "subject"),
        ("yellow", {"fields": {}}, "fields.date_of_event"),
        ("blue", {"circumstances": None}, "circumstances"),
        ("black", {"fields": {"body": {}}}, "fields.body"),
        ("green", {"circumstances": " "}, "circumstances"),
        ("orange", {"circumstances": None}, "circumstances"),
        ("purple", {"fields": {}}, "fields.modus_operandi"),
        ("silver", {"fields": {"assets": []}}, "fields.assets"),
        ("silver", {"circumstances": None}, "charges"),
        ("un", {"fields": {"un_reference": "QDi.001"}}, "fields.sanctions"),
        ("un", {"fields": {"sanctions": ["travel_ban"]}}, "fields.un_reference"),
        ("un", {"fields": {"sanctions": ["exile"], "un_reference": "QDi.1"}}, "fields.sanctions"),
        ("diffusion", {"circumstances": None}, "charges"),
    ],
)
def test_a_missing_field_blocks(kind: str, change: dict[str, Any], field: str) -> None:
    assert ("block", field) in required(dataclasses.replace(COMPLETE[kind], **change))


def test_warrants_as_a_list_are_accepted() -> None:
    request = dataclasses.replace(COMPLETE["red"], fields={"warrants": [{"reference": "W-2"}]})
    assert required(request) == []


def test_orange_without_subject_or_object_is_advised() -> None:
    assert required(dataclasses.replace(COMPLETE["orange"], subject=None)) == [("info", "subject")]


def test_unknown_type_blocks() -> None:
    assert required(dataclasses.replace(COMPLETE["blue"], type="pink")) == [("block", "type")]


# Data quality ------------------------------------------------------------------------------------


def quality(request: CheckInput) -> list[tuple[str, str]]:
    return [(f.severity, f.field or "") for f in check(request) if f.rule == "data-quality"]


def with_subject(born: str, kind: str = "red") -> CheckInput:
    return dataclasses.replace(COMPLETE["red"], type=kind, subject=person("Test Person", born))


def with_charge(**values: object) -> CheckInput:
    base: dict[str, object] = {"charge": "Armed robbery of a bank", "penalty_years": 20}
    return dataclasses.replace(COMPLETE["red"], charges=(Charge(**{**base, **values}),))  # type: ignore[arg-type]


def test_birth_dates() -> None:
    assert quality(with_subject("1980-05-01")) == []
    assert quality(with_subject("2030")) == [("block", "subject.birth_date")]
    assert quality(with_subject("1900-01")) == [("flag", "subject.birth_date")]
    assert quality(with_subject("1980-13-01")) == [("flag", "subject.birth_date")]
    assert quality(with_subject("2018-03-03")) == [("flag", "subject.birth_date")]
    assert quality(with_subject("2018-03-03", "yellow")) == []


def test_subject_without_identifier_or_birth_date_is_advised() -> None:
    bare = dataclasses.replace(COMPLETE["red"], subject={"names": [{"full": "A B"}]})
    assert quality(bare) == [("info", "subject.identifiers")]


def test_offence_dates() -> None:
    assert quality(with_charge(offence_date="2024-12")) == []
    assert quality(with_charge(offence_date="2026")) == [("block", "charges[0].offence_date")]
    assert quality(with_charge(offence_date="1978-12")) == [("block", "charges[0].offence_date")]
    assert quality(with_charge(offence_date="12/03/2020")) == [("flag", "charges[0].offence_date")]
    born_1980 = dataclasses.replace(with_charge(offence_date="1980"), subject=person("A", "1980"))
    assert quality(born_1980) == []


def test_charge_text() -> None:
    # a short charge is advice (a bare "Murder" is clear enough to pass); a law article alone
    # says nothing of the offence and is flagged
    assert quality(with_charge(charge="Murder")) == [("info", "charges[0].charge")]
    assert quality(with_charge(charge="Art. 105 of the Criminal Code")) == [
        ("flag", "charges[0].charge")
    ]
    assert quality(with_charge(charge="المادة 234 من قانون العقوبات")) == [
        ("flag", "charges[0].charge")
    ]
    assert quality(with_charge(charge="Art. 105 Criminal Code: murder of a police officer")) == []


def test_impossible_penalties_block() -> None:
    assert quality(with_charge(penalty_years=-1)) == [("block", "charges[0].penalty_years")]
    assert quality(with_charge(penalty_years=150)) == [("block", "charges[0].penalty_years")]
    assert quality(with_charge(penalty_years=1000)) == []
    months = with_charge(penalty_years=None, convicted=True, remaining_months=5000)
    assert quality(months) == [("block", "charges[0].remaining_months")]


def test_red_without_facts_is_advised() -> None:
    assert quality(dataclasses.replace(COMPLETE["red"], circumstances=None)) == [
        ("info", "circumstances")
    ]


# Output ----------------------------------------------------------------------------------------


def test_findings_come_blocks_first() -> None:
    request = red("XX", person("Test Person", "2030"), [charge("Adultery", 1)], None)
    severities = [f.severity for f in check(request)]
    assert severities == sorted(severities, key=["block", "flag", "info"].index)
    assert severities[0] == "block" and "flag" in severities and "info" in severities


def test_translations_of_charges_are_checked() -> None:
    fields: dict[str, object] = {
        **WARRANT,
        "charges": [{"charge_translation": {"en": "Insulting the King"}}],
    }
    request = dataclasses.replace(red_with("Section 112 offence, as charged"), fields=fields)
    assert "charges[0].charge_translation.en" in {
        f.field for f in check(request) if f.rule == "art3-political"
    }


def test_today_defaults_to_the_real_date() -> None:
    request = dataclasses.replace(with_charge(offence_date=str(date.today().year + 1)), today=None)
    assert ("block", "charges[0].offence_date") in quality(request)


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ([], None),
        ([("data-quality", "info")], None),
        ([("required-fields", "block")], "other"),
        ([("private-dispute", "flag")], "other"),
        ([("art2-human-rights", "flag"), ("private-dispute", "flag")], "art2"),
        ([("art2-human-rights", "flag"), ("art3-military", "flag")], "art3"),
        ([("refugee-status", "flag")], "art3"),
        ([("political-figure", "flag"), ("required-fields", "block")], "art3"),
    ],
)
def test_grounds(rules: list[tuple[str, str]], expected: str | None) -> None:
    findings = [Finding(rule, severity, "reason") for rule, severity in rules]  # type: ignore[arg-type]
    assert grounds(findings) == expected


def test_charges_only_are_not_asked_for_the_rest() -> None:
    """`concord notices check --charge` gives only charges: nothing else is reported missing,
    a missing penalty is asked for as advice, an ordinary crime passes with no flag."""
    partial = CheckInput(
        type="red",
        requesting_country="FR",
        charges=(Charge("Murder of a taxi driver"),),
        complete=False,
    )
    found = check(partial)
    assert [f for f in found if f.severity != "info"] == []
    assert "penalty-threshold" in {f.rule for f in found}
    whole = dataclasses.replace(partial, complete=True)
    assert {f.rule for f in check(whole) if f.severity != "info"} >= {
        "required-fields",
        "penalty-threshold",
    }
    low = dataclasses.replace(partial, charges=(Charge("Theft of a bicycle", 1),))
    assert ("penalty-threshold", "block") in {(f.rule, f.severity) for f in check(low)}


def test_espionage_is_political() -> None:
    spy = CheckInput(
        type="red",
        requesting_country="XX",
        charges=(Charge("Espionage", 10),),
        complete=False,
    )
    assert "art3-political" in {f.rule for f in check(spy)}
