"""Labelled requests for the compliance checks.

``ABUSIVE``: requests of the kinds INTERPOL refused or deleted, modelled on cases published by
Fair Trials, the CCF's decisions and the press (the ``source`` of each says which pattern).
``ORDINARY``: ordinary-law crimes that must pass without a flag or a block. People, places,
dates and numbers are invented; the wording is the kind a bureau writes, in English, French,
Spanish or Arabic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from concord.notices.compliance import Charge, CheckInput

TODAY = date(2025, 6, 1)

#: Rules a case of each family must raise (at least one, as a flag or a block).
FAMILIES: dict[str, frozenset[str]] = {
    "art3": frozenset(
        {
            "art3-political",
            "art3-military",
            "art3-religious",
            "art3-racial",
            "refugee-status",
            "political-figure",
        }
    ),
    "military": frozenset({"art3-military"}),
    "religious": frozenset({"art3-religious"}),
    "private": frozenset({"private-dispute"}),
    "behaviour": frozenset({"behavioural-offence"}),
    "art2": frozenset({"art2-human-rights"}),
}


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    request: CheckInput
    family: str = ""  # "" for an ordinary crime
    source: str = ""


def person(full: str, born: str = "1979-04-12", **extra: object) -> dict[str, object]:
    ident = "".join(c for c in full if c.isalpha())[:5].upper() + "40731"
    return {
        "names": [{"full": full, "kind": "primary"}],
        "birth_date": born,
        "sex": "M",
        "identifiers": [{"scheme": "passport", "value": ident}],
        **extra,
    }


def charge(text: str, years: float = 8, when: str = "2021-06", law: str | None = None) -> Charge:
    return Charge(text, penalty_years=years, offence_date=when, law=law)


def sentence(text: str, months: float, when: str = "2019-03") -> Charge:
    return Charge(text, remaining_months=months, convicted=True, offence_date=when)


def red(
    country: str, subject: dict[str, object], charges: list[Charge], facts: str | None
) -> CheckInput:
    warrant = {"reference": f"{country}/2024/0117", "issued_by": "Investigating judge"}
    fields: dict[str, object] = {"warrant": warrant}
    return CheckInput("red", country, tuple(charges), facts, subject, fields, TODAY)


def diffusion(
    country: str, subject: dict[str, object], charges: list[Charge], facts: str
) -> CheckInput:
    return CheckInput("diffusion", country, tuple(charges), facts, subject, {}, TODAY)


ABUSIVE: list[Case] = [
    # --- English -------------------------------------------------------------------------
    Case(
        "calls-to-extremism-posts",
        "en",
        red(
            "RU",
            person("Pavel Sorokin"),
            [
                charge(
                    "Public calls for extremist activity using the Internet", 5, law="Art. 280(2)"
                )
            ],
            "Between March and May 2022 the subject published on his VKontakte page texts calling "
            "the special military operation a war and urging readers to resist mobilisation.",
        ),
        "art3",
        "Fair Trials: Russian requests for online speech charged as extremism",
    ),
    Case(
        "false-information-army",
        "en",
        red(
            "RU",
            person("Olga Marchenko", "1986-02-03"),
            [charge("Public dissemination of knowingly false information about the Armed Forces")],
            "In April 2022 she recorded a video for her YouTube channel describing the shelling "
            "of a city and blaming the army.",
        ),
        "art3",
        "Press: requests after the 2022 'fake news about the army' law (Art. 207.3)",
    ),
    Case(
        "lese-majeste-youtube",
        "en",
        red(
            "TH",
            person("Somchai Prasert", "1975-11-20"),
            [
                charge(
                    "Defaming, insulting or threatening the King, the Queen, the Heir-apparent or "
                    "the Regent",
                    15,
                    law="Section 112 Criminal Code",
                )
            ],
            "From his residence abroad the subject runs a YouTube channel commenting on the "
            "monarchy.",
        ),
        "art3",
        "Press: lese-majeste charges against exiled critics",
    ),
    Case(
        "belarus-mass-event",
        "en",
        red(
            "BY",
            person("Andrei Kavalenka", "1990-07-08"),
            [charge("Organisation of group actions grossly violating public order", 3)],
            "On 16 August 2020 the subject organised and took part in an unauthorised mass event "
            "in the centre of Minsk, blocking traffic on Independence Avenue.",
        ),
        "art3",
        "Press: Belarusian prosecutions after the 2020 protests",
    ),
    Case(
        "bolotnaya-mass-riots",
        "en",
        red(
            "RU",
            person("Denis Lukin", "1983-05-30"),
            [charge("Participation in mass riots", 8, "2012-05-06", "Art. 212(2)")],
            "On 6 May 2012 on Bolotnaya Square in Moscow the subject took part in mass riots "
            "during a march of the opposition.",
        ),
        "art3",
        "Press: prosecutions of Bolotnaya Square protesters (2012)",
    ),
    Case(
        "khimki-hooliganism",
        "en",
        red(
            "RU",
            person("Pyotr Sinitsyn", "1984-01-15"),
            [charge("Hooliganism committed by an organised group", 7, "2010-07-28")],
            "The subject took part in a rally of environmental activists defending a forest "
            "outside Moscow which ended at the town administration building.",
        ),
        "art3",
        "Fair Trials: Petr Silaev, arrested in Spain on a Russian Red Notice, later deleted",
    ),
    Case(
        "espionage-editor",
        "en",
        red(
            "TR",
            person("Mehmet Aydemir", "1961-06-16"),
            [charge("Obtaining and disclosing state secrets for the purposes of espionage", 20)],
            "The subject, a journalist and editor-in-chief of a national daily, published "
            "photographs of intelligence service lorries stopped at the border.",
        ),
        "art3",
        "Press: Turkish request about a newspaper editor's report",
    ),
    Case(
        "bylock-membership",
        "en",
        red(
            "TR",
            person("Enes Korkmaz", "1992-05-15"),
            [charge("Membership of an armed terrorist organisation (FETO/PDY)", 15, "2016-07")],
            "The subject used the ByLock messaging application, held an account at Bank Asya "
            "and criticised the President in posts on social media.",
        ),
        "art3",
        "Press: Turkish requests after 2016 against alleged Gulen movement members",
    ),
    Case(
        "insulting-president-tweets",
        "en",
        diffusion(
            "TR",
            person("Hasan Yilmaz", "1958-03-01"),
            [
                charge("Insulting the President of the Republic", 4, "2017-02", "Art. 299 TCK"),
                charge("Propaganda for a terrorist organisation", 5, "2017-02"),
            ],
            "The subject, a Swedish journalist, shared posts on Twitter about the government.",
        ),
        "art3",
        "Press (2017): journalist arrested in Spain on a Turkish request",
    ),
    Case(
        "uyghur-association",
        "en",
        red(
            "CN",
            person("Abdulla Turdi", "1969-09-09"),
            [charge("Organising and leading a terrorist organisation", 15, "2015")],
            "The subject leads an association of the Uyghur diaspora abroad which publishes "
            "reports on detention camps and speaks at the United Nations.",
        ),
        "art3",
        "Press and INTERPOL (2018): Red Notice on a Uyghur leader cancelled",
    ),
    Case(
        "refugee-footballer",
        "en",
        red(
            "BH",
            person("Hakim Jaber", "1993-11-07", refugee=True),
            [sentence("Vandalism and arson of a police station during riots", 118, "2012-11")],
            "Sentenced in absentia to ten years' imprisonment. The subject lives in Australia.",
        ),
        "art3",
        "Press (2018-19): refugee footballer held in Thailand on a Bahraini Red Notice",
    ),
    Case(
        "anti-corruption-staffer",
        "en",
        red(
            "RU",
            person("Nikolai Kulikov", "1986-04-18"),
            [charge("Theft of a drawing from a bookshop window", 2, "2014-06")],
            "The subject took a photocopy of a graffiti drawing worth one rouble. He works for an "
            "anti-corruption foundation led by an opposition politician.",
        ),
        "art3",
        "Press (2017): activist detained abroad on a Russian notice for a one-rouble theft",
    ),
    Case(
        "social-discord-speeches",
        "en",
        red(
            "KZ",
            person("Erlan Dzhaksybekov", "1971-12-02"),
            [charge("Inciting social discord", 10, "2018-05", "Art. 174 Criminal Code")],
            "The subject gave speeches at meetings of a banned political movement and called for "
            "peaceful rallies.",
        ),
        "art3",
        "Press: prosecutions of members of a banned Kazakh opposition movement",
    ),
    Case(
        "former-banker-opponent",
        "en",
        red(
            "KZ",
            person("Murat Abenov", "1963-05-16", political_figure=True),
            [charge("Embezzlement of bank funds on an especially large scale", 12, "2008")],
            "As chairman of a commercial bank the subject issued loans to companies he controlled.",
        ),
        "art3",
        "Fair Trials: requests against opposition figures charged with economic crimes",
    ),
    Case(
        "corruption-on-earth",
        "en",
        red(
            "IR",
            person("Ruhollah Karimi", "1978-08-21"),
            [charge("Corruption on earth (efsad-e fel-arz), punishable by death", 1000, "2017")],
            "The subject ran a Telegram news channel that reported on street protests.",
        ),
        "art2",
        "Press: Iranian charges against a dissident broadcaster",
    ),
    Case(
        "lashes-insulting-islam",
        "en",
        diffusion(
            "SA",
            person("Faisal al-Otaibi", "1984-01-13"),
            [sentence("Insulting Islam through electronic channels", 110, "2012")],
            "Sentenced to ten years' imprisonment and one thousand lashes for his blog posts.",
        ),
        "art2",
        "Press: blogger sentenced to flogging",
    ),
    Case(
        "bounced-cheque-uae",
        "en",
        red(
            "AE",
            person("Rajesh Menon", "1970-10-10"),
            [charge("Issuing a cheque in bad faith without sufficient balance", 3, "2019-09")],
            "A cheque for AED 450,000 given to a property developer was returned unpaid.",
        ),
        "private",
        "Fair Trials / Detained in Dubai: Red Notice requests for bounced cheques",
    ),
    Case(
        "unpaid-bank-loan",
        "en",
        red(
            "IN",
            person("Sunil Kapoor", "1966-07-22"),
            [charge("Cheating and criminal breach of trust", 7, "2016", "ss. 420, 406 IPC")],
            "The subject failed to repay a business loan of INR 20 million advanced by the "
            "complainant bank; the account was declared a non-performing asset.",
        ),
        "private",
        "Fair Trials: commercial debts dressed as fraud",
    ),
    Case(
        "custody-order",
        "en",
        diffusion(
            "US",
            person("Claire Dubois", "1985-03-09"),
            [charge("International parental kidnapping", 3, "2022-08")],
            "The mother left for France with the couple's two children in breach of a custody "
            "order issued by the family court.",
        ),
        "private",
        "CCF decisions on diffusions in custody disputes",
    ),
    Case(
        "visa-overstay",
        "en",
        diffusion(
            "QA",
            person("Joseph Mensah", "1990-01-01"),
            [charge("Illegal stay after the expiry of a residence visa", 1, "2023-01")],
            "The subject left his sponsor's employment and remained in the country.",
        ),
        "private",
        "Press: requests against migrant workers who left their employer",
    ),
    Case(
        "adultery-and-alcohol",
        "en",
        red(
            "IR",
            person("Shirin Ahmadi", "1991-02-14", sex="F"),
            [charge("Adultery and consuming alcoholic beverages", 3, "2020-11")],
            "Her husband filed a complaint after she left the marital home.",
        ),
        "behaviour",
        "Fair Trials: offences of behaviour (RPD Art. 83)",
    ),
    Case(
        "witchcraft",
        "en",
        diffusion(
            "SA",
            person("Amina Bello", "1972-06-30", sex="F"),
            [charge("Practising witchcraft and sorcery", 5, "2021-04")],
            "A neighbour reported that the subject performed rituals and sold amulets.",
        ),
        "behaviour",
        "Press: sorcery charges",
    ),
    Case(
        "blasphemy-pakistan",
        "en",
        red(
            "PK",
            person("Asif Masih", "1988-09-17"),
            [
                charge(
                    "Use of derogatory remarks in respect of the Holy Prophet",
                    1000,
                    "2019-06",
                    "s. 295-C PPC (blasphemy)",
                )
            ],
            "The subject is said to have shared a cartoon in a WhatsApp group.",
        ),
        "religious",
        "Press: blasphemy prosecutions",
    ),
    Case(
        "jehovahs-witnesses",
        "en",
        red(
            "RU",
            person("Viktor Danilov", "1965-10-05"),
            [charge("Organising the activity of an extremist organisation", 10, "2019")],
            "The subject held Bible study meetings of Jehovah's Witnesses in his flat.",
        ),
        "religious",
        "Press: prosecutions of Jehovah's Witnesses as 'extremists'",
    ),
    Case(
        "leaving-unit",
        "en",
        red(
            "RU",
            person("Artyom Zaitsev", "1998-04-04"),
            [charge("Leaving a unit without authorisation during mobilisation", 10, "2022-10")],
            "The subject, a mobilised serviceman, did not return from leave and crossed into "
            "Kazakhstan.",
        ),
        "military",
        "Press: Russian requests against servicemen who fled mobilisation",
    ),
    Case(
        "draft-evasion",
        "en",
        diffusion(
            "ER",
            person("Yonas Tesfaye", "2000-02-02"),
            [charge("Evading national military service", 5, "2019")],
            "The subject failed to report for national service and left the country.",
        ),
        "military",
        "Reports on Eritrean national service",
    ),
    Case(
        "divisionism",
        "en",
        red(
            "RW",
            person("Jean-Paul Habimana", "1968-12-12"),
            [charge("Divisionism and spreading rumours likely to incite the population", 7)],
            "The subject made statements at a conference in Brussels criticising the government.",
        ),
        "art3",
        "Press: requests against critics living abroad",
    ),
    Case(
        "supreme-leader",
        "en",
        diffusion(
            "IR",
            person("Hamid Rezaei", "1980-07-07"),
            [charge("Propaganda against the system and insulting the Supreme Leader", 3, "2022")],
            "The subject gave interviews to Persian-language television channels abroad.",
        ),
        "art3",
        "Press: Iranian charges against dissidents abroad",
    ),
    Case(
        "journalist-tax",
        "en",
        red(
            "AZ",
            person("Rauf Mammadli", "1987-03-25"),
            [charge("Illegal entrepreneurship and tax evasion on a large scale", 8, "2023")],
            "The subject is a journalist working for an independent online outlet based in Berlin.",
        ),
        "art3",
        "Press: Azerbaijani charges against independent media",
    ),
    # --- French --------------------------------------------------------------------------
    Case(
        "hirak-unite-nationale",
        "fr",
        red(
            "DZ",
            person("Amir Boukhalfa", "1983-08-08"),
            [
                charge(
                    "Atteinte à l'unité nationale et incitation à attroupement non armé",
                    10,
                    "2020-02",
                    "art. 79 et 100 du Code pénal",
                )
            ],
            "L'intéressé, blogueur installé en France, publie des vidéos appelant aux marches du "
            "vendredi.",
        ),
        "art3",
        "Presse : mandats algériens contre des militants du Hirak",
    ),
    Case(
        "complot-surete-etat",
        "fr",
        red(
            "TN",
            person("Karim Ben Salem", "1966-01-20"),
            [charge("Complot contre la sûreté intérieure de l'État", 1000, "2023-02")],
            "L'intéressé est l'un des dirigeants d'un parti d'opposition ; des réunions avec des "
            "diplomates étrangers lui sont reprochées.",
        ),
        "art3",
        "Presse : poursuites de 2023 contre des opposants tunisiens",
    ),
    Case(
        "offense-chef-etat",
        "fr",
        diffusion(
            "CM",
            person("Paul Ngando", "1975-05-05"),
            [charge("Outrage au Président de la République et propagation de fausses nouvelles")],
            "Publication sur Facebook d'une caricature du Président.",
        ),
        "art3",
        "Presse : outrage au chef de l'État",
    ),
    Case(
        "journaliste-surete",
        "fr",
        red(
            "MA",
            person("Samir Lahlou", "1986-06-06"),
            [charge("Atteinte à la sûreté intérieure de l'État et financement étranger", 5)],
            "L'intéressé, journaliste d'investigation, a publié des enquêtes sur des "
            "expropriations.",
        ),
        "art3",
        "Presse : poursuites contre des journalistes d'investigation",
    ),
    Case(
        "apostasie",
        "fr",
        red(
            "MR",
            person("Mohamed Ould Cheikh", "1985-04-04"),
            [
                charge(
                    "Apostasie et atteinte au Prophète",
                    1000,
                    "2014-01",
                    "article 306 du Code pénal",
                )
            ],
            "L'intéressé a publié un article sur un site d'information critiquant le système des "
            "castes.",
        ),
        "religious",
        "Presse : condamnation pour apostasie d'un blogueur",
    ),
    Case(
        "ebranler-foi",
        "fr",
        diffusion(
            "MA",
            person("Youssef Amrani", "1990-09-19"),
            [charge("Ébranlement de la foi d'un musulman (art. 220 du Code pénal)", 3)],
            "L'intéressé distribuait des bibles dans un quartier de Casablanca.",
        ),
        "religious",
        "Rapports sur le prosélytisme au Maroc",
    ),
    Case(
        "hors-mariage-contre-nature",
        "fr",
        red(
            "MA",
            person("Hicham Tazi", "1994-03-03"),
            [charge("Relations sexuelles hors mariage et actes contre nature", 3, "2021-12")],
            "Plainte du voisin de l'intéressé.",
        ),
        "behaviour",
        "Fair Trials : infractions de mœurs (art. 489 et 490)",
    ),
    Case(
        "abandon-de-famille",
        "fr",
        diffusion(
            "SN",
            person("Moussa Diallo", "1977-07-17"),
            [charge("Abandon de famille : non-paiement de la pension alimentaire", 2, "2022")],
            "L'intéressé ne verse plus la pension due à son ex-épouse depuis son départ en Europe.",
        ),
        "private",
        "CCF : litiges familiaux",
    ),
    Case(
        "litige-commercial",
        "fr",
        red(
            "CI",
            person("Jean Kouassi", "1969-02-28"),
            [charge("Escroquerie portant sur des marchandises", 5, "2020-10")],
            "Litige commercial entre associés : le plaignant reproche à l'intéressé l'inexécution "
            "d'un contrat de fourniture de cacao.",
        ),
        "private",
        "Fair Trials : litiges commerciaux présentés comme des escroqueries",
    ),
    Case(
        "desertion-fr",
        "fr",
        diffusion(
            "ML",
            person("Ibrahim Keita", "1995-10-10"),
            [charge("Désertion à l'étranger en temps de guerre", 10, "2022-03")],
            "Sous-officier ayant quitté son unité pour rejoindre la Côte d'Ivoire.",
        ),
        "military",
        "Infractions militaires (Art. 3)",
    ),
    # --- Spanish -------------------------------------------------------------------------
    Case(
        "injurias-autoridad",
        "es",
        red(
            "EC",
            person("Emilio Paredes", "1954-04-26"),
            [charge("Injurias calumniosas graves contra la autoridad", 3, "2011-02")],
            "Columna de opinión publicada en el diario que dirige el imputado sobre el Presidente.",
        ),
        "art3",
        "Prensa: condena de un columnista por injurias al Presidente",
    ),
    Case(
        "instigacion-publica",
        "es",
        red(
            "VE",
            person("Leonardo Méndez", "1971-04-29"),
            [charge("Instigación pública y asociación para delinquir", 10, "2014-02")],
            "El imputado convocó a través de Twitter manifestaciones contra el Gobierno.",
        ),
        "art3",
        "Prensa: solicitudes contra dirigentes opositores venezolanos",
    ),
    Case(
        "menoscabo-integridad",
        "es",
        red(
            "NI",
            person("Ernesto Carrión Vega", "1976-12-17"),
            [
                charge(
                    "Conspiración para cometer menoscabo a la integridad nacional",
                    8,
                    "2021-06",
                ),
                charge("Propagación de noticias falsas", 4, "2021-06"),
            ],
            "Precandidato presidencial que pidió sanciones internacionales.",
        ),
        "art3",
        "Prensa: procesos de 2021 contra opositores nicaragüenses",
    ),
    Case(
        "enaltecimiento-corona",
        "es",
        diffusion(
            "ES",
            person("Josep Vidal", "1993-12-25"),
            [charge("Enaltecimiento del terrorismo e injurias graves a la Corona", 3, "2013")],
            "Letras de sus canciones de rap publicadas en YouTube.",
        ),
        "art3",
        "Prensa: condena de un rapero por sus canciones",
    ),
    Case(
        "desacato-cuba",
        "es",
        diffusion(
            "CU",
            person("Dayana Pérez", "1975-09-04", sex="F"),
            [charge("Desacato y propaganda enemiga contra el Estado", 3, "2021-07")],
            "La imputada difundió vídeos de las protestas del 11 de julio.",
        ),
        "art3",
        "Prensa: protestas del 11 de julio de 2021",
    ),
    Case(
        "cheque-sin-fondos",
        "es",
        red(
            "AR",
            person("Marcelo Giménez", "1962-11-11"),
            [charge("Libramiento de cheques sin provisión de fondos", 4, "2018", "art. 302 CP")],
            "El imputado entregó cheques a un proveedor de maquinaria agrícola que resultaron "
            "rechazados por el banco.",
        ),
        "private",
        "Fair Trials: cheques sin fondos",
    ),
    Case(
        "sustraccion-menores",
        "es",
        diffusion(
            "ES",
            person("Laura Ortiz", "1987-05-21", sex="F"),
            [charge("Sustracción de menores por uno de los progenitores", 4, "2023-07")],
            "La madre trasladó al hijo común a México sin el consentimiento del padre durante el "
            "procedimiento de custodia del menor.",
        ),
        "private",
        "CCF: disputas de custodia",
    ),
    Case(
        "infraccion-aduanera",
        "es",
        diffusion(
            "PE",
            person("Raúl Quispe", "1980-03-15"),
            [charge("Infracción aduanera por declaración inexacta de mercancías", 2, "2022-05")],
            "Diferencias en el valor declarado de un contenedor de textiles.",
        ),
        "private",
        "RPD art. 83: infracciones administrativas",
    ),
    Case(
        "adulterio",
        "es",
        diffusion(
            "SD",
            person("Mariam Osman", "1996-01-19", sex="F"),
            [charge("Adulterio según la ley penal de 1991", 5, "2022-09")],
            "Denuncia presentada por el marido.",
        ),
        "behaviour",
        "Fair Trials: delitos de conducta",
    ),
    Case(
        "aborto",
        "es",
        red(
            "SV",
            person("Teresa Hernández", "1992-08-08", sex="F"),
            [charge("Aborto consentido y propio", 8, "2020-04", "art. 133 CP")],
            "La imputada acudió a un hospital con una emergencia obstétrica.",
        ),
        "behaviour",
        "Prensa: procesos por aborto",
    ),
    Case(
        "escarnio",
        "es",
        diffusion(
            "BO",
            person("Diego Rojas", "1989-06-02"),
            [charge("Escarnio de los sentimientos religiosos de los fieles", 2, "2023")],
            "Publicó en redes sociales un montaje con una imagen religiosa.",
        ),
        "religious",
        "Ofensas religiosas",
    ),
    Case(
        "desercion",
        "es",
        diffusion(
            "CO",
            person("Andrés Castaño", "2001-03-03"),
            [charge("Deserción del servicio militar obligatorio", 3, "2022")],
            "El soldado abandonó el batallón y salió del país.",
        ),
        "military",
        "Delitos militares",
    ),
    # --- Arabic --------------------------------------------------------------------------
    Case(
        "zina",
        "ar",
        red(
            "AE",
            person("فاطمة الحسن", "1993-05-05", sex="F"),
            [charge("جريمة الزنا بالتراضي وفق قانون العقوبات", 3, "2022-02")],
            "تقدم زوج المتهمة ببلاغ ضدها بعد مغادرتها الدولة.",
        ),
        "behaviour",
        "Fair Trials: جرائم السلوك",
    ),
    Case(
        "absconding-guardian",
        "ar",
        diffusion(
            "SA",
            person("نورة العتيبي", "2001-09-09", sex="F"),
            [charge("التغيب عن منزل ولي الأمر وعقوق الوالدين", 2, "2024-01")],
            "غادرت المتهمة المملكة دون إذن والدها.",
        ),
        "behaviour",
        "Press: women who fled their guardians",
    ),
    Case(
        "debauchery",
        "ar",
        diffusion(
            "EG",
            person("أحمد سامي", "1995-02-20"),
            [charge("اعتياد ممارسة الفجور وفق القانون رقم 10 لسنة 1961", 3, "2023")],
            "تم رصد المتهم عبر تطبيق للتعارف.",
        ),
        "behaviour",
        "Press: prosecutions for 'debauchery'",
    ),
    Case(
        "witchcraft-ar",
        "ar",
        diffusion(
            "SA",
            person("علي الحربي", "1965-03-12"),
            [charge("ممارسة السحر والشعوذة والدجل", 5, "2020")],
            "ضبطت في منزله طلاسم وأعشاب.",
        ),
        "behaviour",
        "Press: sorcery charges",
    ),
    Case(
        "contempt-religions",
        "ar",
        red(
            "EG",
            person("كريم نبيل", "1984-12-01"),
            [charge("ازدراء الأديان والإساءة إلى الذات الإلهية", 5, "2016")],
            "نشر المتهم مقالات على مدونته ينتقد فيها الأزهر.",
        ),
        "religious",
        "Press: blogger convicted of contempt of religion",
    ),
    Case(
        "ridda",
        "ar",
        diffusion(
            "SD",
            person("سلمى يحيى", "1987-11-03", sex="F"),
            [charge("جريمة الردة عن الإسلام وفق المادة 126", 1000, "2014")],
            "اعتنقت المتهمة المسيحية وتزوجت من مسيحي.",
        ),
        "religious",
        "Press: apostasy sentence",
    ),
    Case(
        "insulting-emir-tweets",
        "ar",
        red(
            "KW",
            person("بدر الشمري", "1956-05-05"),
            [charge("الطعن علناً في حقوق الأمير وسلطاته والعيب في الذات الأميرية", 5, "2012")],
            "ألقى المتهم خطاباً في ساحة الإرادة ونشر تغريدات ينتقد فيها الحكومة.",
        ),
        "art3",
        "Press: Kuwaiti former MPs convicted for speeches",
    ),
    Case(
        "brotherhood-false-news",
        "ar",
        red(
            "EG",
            person("حسام عادل", "1962-01-01"),
            [charge("الانضمام إلى جماعة إرهابية ونشر أخبار كاذبة", 15, "2014")],
            "المتهم إعلامي يقدم برنامجاً حوارياً على قناة فضائية.",
        ),
        "art3",
        "Press (2015): television journalist held in Germany on an Egyptian request",
    ),
    Case(
        "unlicensed-march",
        "ar",
        diffusion(
            "BH",
            person("سيد هاشم", "1990-04-14"),
            [charge("التجمهر والمشاركة في مسيرة غير مرخصة", 2, "2013-02")],
            "شارك المتهم في احتجاجات الذكرى الثانية لأحداث فبراير.",
        ),
        "art3",
        "Fair Trials: Bahraini requests about protests",
    ),
    Case(
        "incitement-twitter",
        "ar",
        red(
            "SA",
            person("عمر الزهراني", "1988-08-18"),
            [charge("التحريض على الإخلال بالنظام العام والإساءة لرموز الدولة", 10, "2018")],
            "نشر المتهم مقاطع فيديو على حسابه في تويتر ينتقد فيها السياسات الاقتصادية.",
        ),
        "art3",
        "Press: Saudi dissidents abroad",
    ),
    Case(
        "rif-state-security",
        "ar",
        red(
            "MA",
            person("ناصر الريفي", "1979-11-11"),
            [charge("المس بسلامة الدولة الداخلية وتنظيم مظاهرات غير مصرح بها", 20, "2017-05")],
            "قاد المتهم احتجاجات حراك الريف في الحسيمة.",
        ),
        "art3",
        "Press: Hirak of the Rif leaders",
    ),
    Case(
        "death-in-absentia",
        "ar",
        diffusion(
            "YE",
            person("عبدالله الحميري", "1974-07-07"),
            [sentence("حكم غيابي بالإعدام بتهمة التخابر مع دولة أجنبية", 12000, "2019")],
            "صدر الحكم غيابياً عن المحكمة الجزائية المتخصصة.",
        ),
        "art2",
        "Press: death sentences in absentia",
    ),
    Case(
        "bounced-cheque-ar",
        "ar",
        red(
            "AE",
            person("سمير خوري", "1972-02-02"),
            [charge("إصدار شيك لا يقابله رصيد قائم وقابل للسحب", 3, "2019-04")],
            "أصدر المتهم شيكاً بمبلغ ثلاثمائة ألف درهم لصالح شركة مقاولات ارتد دون صرف.",
        ),
        "private",
        "Fair Trials / press: bounced-cheque requests",
    ),
    Case(
        "loan-ar",
        "ar",
        red(
            "JO",
            person("خالد المصري", "1968-06-06"),
            [charge("إساءة الائتمان وشيكات مرتجعة", 3, "2020")],
            "عدم سداد قرض تجاري بقيمة مئتي ألف دينار لصالح أحد البنوك.",
        ),
        "private",
        "Press: Jordanian debt cases",
    ),
    Case(
        "custody-ar",
        "ar",
        diffusion(
            "EG",
            person("منى فؤاد", "1989-10-10", sex="F"),
            [charge("الامتناع عن تسليم الصغير لمن له الحق في حضانة الطفل", 2, "2023")],
            "سافرت الأم بالطفل إلى كندا أثناء نزاع على الحضانة مع الأب.",
        ),
        "private",
        "CCF: custody disputes",
    ),
    Case(
        "desertion-ar",
        "ar",
        diffusion(
            "SY",
            person("محمد الأحمد", "1994-01-01"),
            [charge("الفرار من الخدمة العسكرية إلى خارج البلاد", 5, "2013")],
            "غادر المتهم وحدته العسكرية والتحق بأقاربه في تركيا.",
        ),
        "military",
        "Reports on Syrian conscripts",
    ),
    Case(
        "refugee-ar",
        "ar",
        red(
            "SY",
            person("يوسف الخطيب", "1981-08-08"),
            [charge("تمويل الإرهاب", 15, "2014")],
            "المتهم حاصل على حق اللجوء السياسي في ألمانيا منذ عام 2015.",
        ),
        "art3",
        "INTERPOL refugee policy",
    ),
]


ORDINARY: list[Case] = [
    # --- English -------------------------------------------------------------------------
    Case(
        "murder-partner",
        "en",
        red(
            "GB",
            person("Darren Holt", "1981-02-11"),
            [charge("Murder of his business partner", 1000, "2023-03-03")],
            "On 3 March 2023 the subject stabbed his business partner to death in a warehouse in "
            "Leeds after a dispute over unpaid invoices, then flew to Alicante.",
        ),
    ),
    Case(
        "armed-robbery-jeweller",
        "en",
        red(
            "US",
            person("Marcus Reed", "1990-06-18"),
            [charge("Armed robbery of a jewellery store", 25, "2022-11-19")],
            "The subject and two accomplices threatened staff with handguns and took watches worth "
            "USD 1.2 million.",
        ),
    ),
    Case(
        "cocaine-containers",
        "en",
        red(
            "NL",
            person("Ricardo Vermeer", "1977-01-30"),
            [charge("Importation of cocaine concealed in banana containers", 12, "2021-08")],
            "1.2 tonnes of cocaine were found in containers shipped from Guayaquil to Rotterdam; "
            "the subject arranged the transport and paid the dock workers.",
        ),
    ),
    Case(
        "trafficking-exploitation",
        "en",
        red(
            "DE",
            person("Florin Dumitru", "1984-09-09"),
            [charge("Trafficking in human beings for sexual exploitation", 10, "2020")],
            "The subject recruited 14 women with false job offers and forced them into "
            "prostitution in Frankfurt, keeping their passports and earnings.",
        ),
    ),
    Case(
        "child-abuse",
        "en",
        red(
            "AU",
            person("Graham Pike", "1969-12-03"),
            [charge("Sexual assault of a child under the age of 13", 20, "2019")],
            "The subject repeatedly abused his two stepdaughters aged 9 and 11 at the family home.",
        ),
    ),
    Case(
        "kidnap-ransom",
        "en",
        red(
            "MX",
            person("Jorge Salinas", "1986-10-21"),
            [charge("Kidnapping for ransom of a businessman", 40, "2023-05")],
            "The victim was held for 19 days until his family paid USD 300,000.",
        ),
    ),
    Case(
        "ponzi",
        "en",
        red(
            "GB",
            person("Anthony Marsh", "1972-04-04"),
            [charge("Fraud by false representation (investment fraud)", 10, "2022")],
            "The subject ran a Ponzi scheme promising 4% monthly returns, defrauding 2,300 "
            "investors of GBP 38 million.",
        ),
    ),
    Case(
        "cheques-with-victims",
        "en",
        red(
            "ZA",
            person("Sipho Ndlovu", "1979-07-07"),
            [charge("Fraud: obtaining goods by issuing worthless cheques", 15, "2021")],
            "The subject issued 47 dishonoured cheques to 29 victims, mostly small suppliers, "
            "using forged company registration documents.",
        ),
    ),
    Case(
        "money-laundering",
        "en",
        red(
            "IT",
            person("Salvatore Greco", "1966-05-05"),
            [charge("Laundering the proceeds of drug trafficking through shell companies", 12)],
            "EUR 27 million were moved through 40 companies in Malta and Cyprus.",
        ),
    ),
    Case(
        "metro-bombing",
        "en",
        red(
            "FR",
            person("Karim Haddad", "1995-03-23"),
            [charge("Murder and acts of terrorism: bombing of a metro station", 1000, "2016")],
            "The subject detonated an improvised explosive device in a metro station, killing 12 "
            "and injuring 48, and claimed responsibility in a video posted online.",
        ),
    ),
    Case(
        "arms-trafficking",
        "en",
        red(
            "SE",
            person("Milan Petrovic", "1975-08-12"),
            [charge("Trafficking in firearms and ammunition", 10, "2022")],
            "Assault rifles converted from deactivated weapons were sold to criminal gangs.",
        ),
    ),
    Case(
        "ransomware",
        "en",
        red(
            "US",
            person("Dmitri Volkov", "1991-11-11"),
            [charge("Conspiracy to commit computer intrusion and extortion (ransomware)", 20)],
            "The subject deployed ransomware against three hospitals and demanded USD 4 million "
            "in Bitcoin.",
        ),
    ),
    Case(
        "embezzlement-official",
        "en",
        red(
            "KE",
            person("Peter Otieno", "1970-02-02"),
            [charge("Embezzlement of public funds by a public officer", 10, "2020")],
            "As chief accountant of the Ministry of Health the subject diverted KES 340 million "
            "to accounts he controlled.",
        ),
    ),
    Case(
        "rape",
        "en",
        red(
            "CA",
            person("Kevin Doyle", "1988-01-08"),
            [charge("Sexual assault with a weapon", 14, "2023-09")],
            "The subject attacked a woman at knifepoint in a park in Winnipeg.",
        ),
    ),
    Case(
        "drink-driving-death",
        "en",
        red(
            "IE",
            person("Liam Byrne", "1994-04-14"),
            [charge("Dangerous driving causing death", 10, "2024-01")],
            "The subject drove at 140 km/h in a 50 km/h zone after consuming alcohol, killing two "
            "pedestrians.",
        ),
    ),
    Case(
        "bec-fraud",
        "en",
        red(
            "NG",
            person("Chinedu Okafor", "1989-10-01"),
            [charge("Business e-mail compromise fraud and money laundering", 10, "2022")],
            "Victims in 12 countries were induced to pay invoices into accounts controlled by the "
            "network (Operation HAECHI).",
        ),
    ),
    Case(
        "ivory",
        "en",
        red(
            "TZ",
            person("Hamisi Juma", "1971-05-05"),
            [charge("Trafficking in ivory and rhinoceros horn", 30, "2021")],
            "3.2 tonnes of ivory were seized in a container bound for Asia (Operation Thunder).",
        ),
    ),
    Case(
        "migrant-smuggling-deaths",
        "en",
        red(
            "IT",
            person("Abdel Kader", "1983-03-03"),
            [charge("Smuggling of migrants resulting in death", 30, "2023-06")],
            "The subject organised the crossing of an overloaded fishing boat; 27 migrants "
            "drowned.",
        ),
    ),
    Case(
        "yellow-missing-child",
        "en",
        CheckInput(
            "yellow",
            "GB",
            subject=person("Emily Carter", "2012-09-09", sex="F"),
            circumstances="Disappeared on her way home from school in Bristol.",
            fields={"date_of_event": "2025-05-20"},
            today=TODAY,
        ),
    ),
    Case(
        "black-body",
        "en",
        CheckInput(
            "black",
            "ES",
            circumstances="Body of a man found on a beach near Almeria.",
            fields={"body": {"found_on": "2025-04-02", "description": "Man, 30-40, tattoo"}},
            today=TODAY,
        ),
    ),
    Case(
        "purple-skimming",
        "en",
        CheckInput(
            "purple",
            "PL",
            fields={"modus_operandi": "Skimming devices hidden in fuel-pump card readers."},
            today=TODAY,
        ),
    ),
    Case(
        "silver-assets",
        "en",
        CheckInput(
            "silver",
            "IT",
            charges=(charge("Laundering of proceeds of organised crime", 12, "2020"),),
            circumstances="Villas bought with proceeds of extortion.",
            fields={"assets": ["AS-1", "AS-2"]},
            today=TODAY,
        ),
    ),
    Case(
        "un-sanctions",
        "en",
        CheckInput(
            "un",
            "IPSG",
            subject=person("Listed Person", "1970-01-01"),
            fields={"sanctions": ["asset_freeze", "travel_ban"], "un_reference": "QDi.001"},
            today=TODAY,
        ),
    ),
    Case(
        "green-offender",
        "en",
        CheckInput(
            "green",
            "AU",
            subject=person("Ronald Whitby", "1960-06-06"),
            circumstances="Convicted child sex offender who travels to South-East Asia.",
            today=TODAY,
        ),
    ),
    Case(
        "orange-parcel-bombs",
        "en",
        CheckInput(
            "orange",
            "DE",
            subject=person("Unknown Sender", "1980"),
            circumstances="Parcel bombs were sent to three banks; more devices may be in the post.",
            today=TODAY,
        ),
    ),
    Case(
        "blue-burglar",
        "en",
        CheckInput(
            "blue",
            "AT",
            subject=person("Goran Ilic", "1982-02-02"),
            circumstances="Serial burglar using several aliases; identity to be established.",
            today=TODAY,
        ),
    ),
    Case(
        "journalist-victim",
        "en",
        red(
            "MT",
            person("Vince Muscat", "1963-02-02"),
            [charge("Murder of an investigative journalist by car bomb", 1000, "2017-10-16")],
            "The subject placed the bomb under the car of the journalist on behalf of a "
            "businessman she had written about.",
        ),
    ),
    Case(
        "isis-recruiter",
        "en",
        red(
            "BE",
            person("Yassine Amrani", "1994-04-04"),
            [charge("Recruitment for a terrorist organisation", 10, "2015")],
            "The subject recruited young men through Telegram channels to travel to Syria and "
            "join ISIS.",
        ),
    ),
    Case(
        "football-riot",
        "en",
        red(
            "PL",
            person("Tomasz Nowak", "1996-06-06"),
            [charge("Rioting and arson after a football match", 8, "2024-05")],
            "The subject set fire to two police vans; twelve officers were injured.",
        ),
    ),
    # --- French --------------------------------------------------------------------------
    Case(
        "meurtre",
        "fr",
        red(
            "FR",
            person("Sébastien Morel", "1985-05-15"),
            [charge("Meurtre en bande organisée", 1000, "2022-07", "art. 221-4 du Code pénal")],
            "L'intéressé a abattu par balles un rival dans un parking de Marseille.",
        ),
    ),
    Case(
        "vol-main-armee",
        "fr",
        red(
            "BE",
            person("Kevin Lambert", "1991-01-01"),
            [charge("Vol avec violences à l'aide d'une arme", 20, "2023-02")],
            "Braquage d'un fourgon de transport de fonds sur l'autoroute E42.",
        ),
    ),
    Case(
        "stupefiants",
        "fr",
        red(
            "FR",
            person("Nabil Kaci", "1988-08-08"),
            [charge("Trafic de stupéfiants en bande organisée", 30, "2021")],
            "Importation de 800 kg de résine de cannabis par go-fast depuis l'Espagne.",
        ),
    ),
    Case(
        "traite",
        "fr",
        red(
            "CH",
            person("Marius Popescu", "1980-10-10"),
            [charge("Traite d'êtres humains aggravée", 20, "2020")],
            "Exploitation de onze ouvriers agricoles privés de leurs papiers et de leur salaire.",
        ),
    ),
    Case(
        "escroquerie-victimes",
        "fr",
        red(
            "FR",
            person("Gilles Fabre", "1964-03-03"),
            [charge("Escroquerie en bande organisée (faux placements en diamants)", 10)],
            "Plus de 850 victimes ont versé 42 millions d'euros sur des comptes à l'étranger.",
        ),
    ),
    Case(
        "viol-mineur",
        "fr",
        red(
            "FR",
            person("Thierry Roux", "1970-07-07"),
            [charge("Viol sur mineur de quinze ans", 20, "2019")],
            "Faits commis par l'entraîneur du club sur un joueur de 13 ans.",
        ),
    ),
    Case(
        "enlevement",
        "fr",
        red(
            "CM",
            person("Alain Mbarga", "1984-04-04"),
            [charge("Enlèvement et séquestration suivis d'une demande de rançon", 1000, "2022")],
            "Un commerçant a été détenu dix jours dans une ferme jusqu'au paiement.",
        ),
    ),
    Case(
        "attentat-marche",
        "fr",
        red(
            "ML",
            person("Oumar Touré", "1992-02-02"),
            [charge("Assassinat et association de malfaiteurs terroriste", 1000, "2023")],
            "Attentat à l'explosif contre un marché de Gao, tuant six personnes.",
        ),
    ),
    Case(
        "blanchiment",
        "fr",
        red(
            "LU",
            person("Patrick Weber", "1968-08-08"),
            [charge("Blanchiment aggravé du produit d'un trafic de stupéfiants", 10)],
            "Achats immobiliers au moyen de sociétés écrans.",
        ),
    ),
    Case(
        "diffusion-meurtre",
        "fr",
        diffusion(
            "SN",
            person("Cheikh Ndiaye", "1987-07-07"),
            [charge("Meurtre d'un chauffeur de taxi", 1000, "2024-11")],
            "Le chauffeur a été poignardé lors d'une course de nuit à Dakar.",
        ),
    ),
    Case(
        "meurtre-militant",
        "fr",
        red(
            "FR",
            person("Yannick Leroy", "1980-01-01"),
            [charge("Meurtre d'un militant associatif", 1000, "2023-09")],
            "L'intéressé a poignardé la victime lors d'une dispute devant un bar de Nantes.",
        ),
    ),
    # --- Spanish -------------------------------------------------------------------------
    Case(
        "homicidio",
        "es",
        red(
            "CO",
            person("Jhon Fredy Ríos", "1990-05-05"),
            [charge("Homicidio agravado con arma de fuego", 50, "2022-04")],
            "El imputado disparó contra la víctima en un billar de Medellín.",
        ),
    ),
    Case(
        "robo-violencia",
        "es",
        red(
            "ES",
            person("Iván Moreno", "1993-09-09"),
            [charge("Robo con violencia e intimidación en joyería", 5, "2023-12")],
            "Los autores amenazaron al dependiente con un cuchillo.",
        ),
    ),
    Case(
        "narcotrafico",
        "es",
        red(
            "PE",
            person("Wilmer Huamán", "1978-12-12"),
            [charge("Tráfico ilícito de drogas en su forma agravada", 25, "2021")],
            "Envío de 2 toneladas de clorhidrato de cocaína desde el puerto del Callao.",
        ),
    ),
    Case(
        "trata",
        "es",
        red(
            "AR",
            person("Néstor Villalba", "1975-07-07"),
            [charge("Trata de personas con fines de explotación sexual", 15, "2020")],
            "Captó a mujeres jóvenes con ofertas de empleo falsas y las retuvo en un prostíbulo.",
        ),
    ),
    Case(
        "estafa-piramidal",
        "es",
        red(
            "CL",
            person("Rodrigo Fuentes", "1969-01-01"),
            [charge("Estafa reiterada mediante esquema piramidal", 10, "2021")],
            "Más de 1.200 víctimas invirtieron en una falsa empresa de criptomonedas.",
        ),
    ),
    Case(
        "secuestro-extorsivo",
        "es",
        red(
            "MX",
            person("Ramiro Treviño", "1985-03-03"),
            [charge("Secuestro extorsivo agravado", 70, "2022")],
            "La víctima fue liberada tras el pago de un rescate de dos millones de pesos.",
        ),
    ),
    Case(
        "abuso-menor",
        "es",
        red(
            "UY",
            person("Héctor Silva", "1958-06-06"),
            [charge("Abuso sexual especialmente agravado contra una menor de edad", 16)],
            "Hechos reiterados contra su sobrina de 10 años.",
        ),
    ),
    Case(
        "lavado-activos",
        "es",
        red(
            "PA",
            person("Ernesto Vargas", "1973-10-10"),
            [charge("Blanqueo de capitales provenientes del narcotráfico", 15, "2020")],
            "Movimiento de 18 millones de dólares a través de casas de cambio.",
        ),
    ),
    Case(
        "sicariato",
        "es",
        red(
            "EC",
            person("Bryan Cedeño", "1999-09-09"),
            [charge("Sicariato: homicidio por encargo a cambio de pago", 26, "2023-08")],
            "Disparó contra un comerciante desde una motocicleta.",
        ),
    ),
    Case(
        "extorsion",
        "es",
        red(
            "GT",
            person("Edgar López", "1994-04-04"),
            [charge("Extorsión agravada a transportistas", 12, "2022")],
            "Cobro de cuotas a conductores de autobús bajo amenaza de muerte.",
        ),
    ),
    Case(
        "secuestro-periodista",
        "es",
        red(
            "MX",
            person("Julio Zamora", "1982-08-08"),
            [charge("Secuestro agravado de un periodista", 50, "2022-03")],
            "El imputado secuestró al periodista y exigió un rescate a su familia.",
        ),
    ),
    # --- Arabic --------------------------------------------------------------------------
    Case(
        "qatl-amd",
        "ar",
        red(
            "JO",
            person("حسن العلي", "1983-03-03"),
            [charge("القتل العمد مع سبق الإصرار والترصد", 1000, "2022-05")],
            "طعن المتهم المجني عليه عدة طعنات إثر خلاف على دين ثم فر إلى الخارج.",
        ),
    ),
    Case(
        "sariqa-ikrah",
        "ar",
        red(
            "MA",
            person("رشيد بناني", "1990-10-10"),
            [charge("السرقة بالإكراه تحت التهديد بالسلاح", 20, "2023")],
            "هاجم المتهم وشركاؤه محل صرافة في الدار البيضاء.",
        ),
    ),
    Case(
        "captagon",
        "ar",
        red(
            "SA",
            person("ماهر الحسين", "1980-01-01"),
            [charge("تهريب وترويج المواد المخدرة (أقراص الكبتاغون)", 15, "2022")],
            "ضبط خمسة ملايين قرص مخبأة في شحنة فاكهة.",
        ),
    ),
    Case(
        "ittijar-bashar",
        "ar",
        red(
            "LB",
            person("جورج حداد", "1976-06-06"),
            [charge("الاتجار بالبشر واستغلال الأطفال في التسول", 15, "2021")],
            "استقدم المتهم أطفالاً من الخارج وأجبرهم على التسول.",
        ),
    ),
    Case(
        "ihtiyal-dahaya",
        "ar",
        red(
            "AE",
            person("وليد السيد", "1977-07-07"),
            [charge("الاحتيال عبر شركة استثمار وهمية", 5, "2021")],
            "ألحق المتهم أضراراً بمئات الضحايا الذين أودعوا أموالهم وأصدر لهم شيكات بدون رصيد.",
        ),
    ),
    Case(
        "ghasl-amwal",
        "ar",
        red(
            "QA",
            person("طارق عبد الله", "1971-01-01"),
            [charge("غسل الأموال المتحصلة من تجارة المخدرات", 10, "2020")],
            "تحويل الأموال عبر شركات وهمية في عدة دول.",
        ),
    ),
    Case(
        "ightisab",
        "ar",
        red(
            "EG",
            person("محمود رضا", "1986-08-08"),
            [charge("اغتصاب فتاة قاصر بالإكراه", 1000, "2022")],
            "استدرج المتهم المجني عليها إلى شقة مهجورة.",
        ),
    ),
    Case(
        "ikhtitaf",
        "ar",
        red(
            "IQ",
            person("عباس كريم", "1982-02-02"),
            [charge("الاختطاف وطلب فدية مالية", 1000, "2023")],
            "احتجز المتهمون رجل أعمال أسبوعاً حتى دفعت عائلته المبلغ.",
        ),
    ),
    Case(
        "tafjir",
        "ar",
        red(
            "IQ",
            person("أبو بكر الموصلي", "1985-05-05"),
            [charge("تفجير إرهابي أدى إلى مقتل مدنيين", 1000, "2017")],
            "فجر المتهم عبوة ناسفة في سوق شعبي ما أسفر عن سقوط عشرات القتلى والجرحى.",
        ),
    ),
    Case(
        "qatl-sahafi",
        "ar",
        red(
            "LB",
            person("نبيل عيسى", "1979-09-09"),
            [charge("القتل العمد لصحفي مع سبق الإصرار", 1000, "2021-02")],
            "أطلق المتهم النار على الصحفي أمام منزله في بيروت.",
        ),
    ),
    Case(
        "ikhtilas",
        "ar",
        red(
            "KW",
            person("فهد العنزي", "1975-05-05"),
            [charge("اختلاس أموال عامة والتزوير في محررات رسمية", 10, "2019")],
            "استغل المتهم وظيفته محاسباً في إحدى الجهات الحكومية لتحويل مبالغ إلى حسابه.",
        ),
    ),
]
