"""Word lists of the matcher: particles, generic tokens, titles and name groups (nicknames).

Kept in code, small and reviewed, rather than loaded from data files at run time.
"""

from __future__ import annotations

__all__ = [
    "COUNTRIES",
    "DEGREES",
    "DEGREE_PAIRS",
    "GENERATIONS",
    "GENERIC_ORG",
    "GENERIC_PERSON",
    "LEADING_TITLES",
    "OBJECT_PREFIXES",
    "ORG_STOPWORDS",
    "ORG_SYNONYMS",
    "PARTICLES",
    "ROMAN",
    "SECTOR_ORG",
    "TITLES",
    "TITLE_ENDINGS",
    "TITLE_FORMS",
]


def words(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(text.split())


#: Particles of person names: kept as tokens, but they weigh almost nothing and may be absent.
PARTICLES: frozenset[str] = words(
    """al el ul ad ar as at az an ash bin ben ibn bint binti bte bt abu abou abo umm
    van von der den de da di del della dos das do du la le lo los las y e zu ter ten
    mac mc st saint bar ould ag bnw"""
)

#: Titles and honorifics dropped from person names.
TITLES: frozenset[str] = words(
    """mr mrs ms miss dr prof sir lady lord sheikh shaikh sheik haji hajji hadji mullah mulla
    imam general gen col colonel capt captain major maj lt sgt rev father sra srta
    herr frau mme mlle monsieur madame dott nee geb geborene"""
)

#: Honorifics dropped only at the head of a person's name, where they cannot be a name (``Bay``,
#: ``Sr.`` and ``pani`` may be names or generations elsewhere; ``Ing.``, the engineer's title,
#: is a Chinese given name in ``Tsai Ing-wen``): Polish, Italian, German,
#: Spanish and Portuguese, Turkish and Hindi titles as written in Latin letters.
LEADING_TITLES: frozenset[str] = words(
    """pani panna sig sigra signor signora signorina avv dipl univ sr sra dra
    bay bayan ogr uz cev okt doc ars yrd gor shri shriman shrimati sushri kumari smt ing"""
)
#: Second words of honorifics written with a dot inside (``Sig.ra``, ``Dott.ssa``).
TITLE_ENDINGS: dict[str, frozenset[str]] = {
    "sig": words("ra na"),
    "dott": words("ssa"),
    "prof": words("ssa"),
}
#: Honorifics as written in other scripts, dropped at the head of a name (their transliteration
#: may be a name: Arabic السيد ``al syd``, Ukrainian пан ``pan``).
TITLE_FORMS: frozenset[str] = words(
    """السيد السيدة الأستاذ الأستاذة الدكتور الدكتورة المهندس المهندسة الآنسة الشيخ الحاج الحاجة
    السادة د م أ
    пан пані панна добродій добродійка господин госпожа гражданин гражданка товарищ тов
    κος κα κύριος κυρία
    श्री श्रीमान श्रीमती सुश्री कुमारी माननीय आदरसूचक सम्मानसूचक संमानित सम्मानित आदरवाचक सम्मानात्मक डॉ"""
)
#: Academic degrees dropped at the end of a person's name, as tokens (``MBA``) or as the
#: letters of a dotted abbreviation (``B.Sc.``: ``b sc``).
DEGREES: frozenset[str] = words("mba phd bsc msc beng meng llm llb")
DEGREE_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {
        ("b", "sc"),
        ("m", "sc"),
        ("b", "a"),
        ("m", "a"),
        ("b", "eng"),
        ("m", "eng"),
        ("ph", "d"),
        ("ll", "m"),
        ("ll", "b"),
        ("b", "ed"),
        ("m", "ed"),
    }
)

#: Generation suffixes of person names (``Jr``, ``III``): not name parts, but a different one on
#: each side means father and son.
GENERATIONS: dict[str, str] = {
    "jr": "jr",
    "junior": "jr",
    "jnr": "jr",
    "sr": "sr",
    "senior": "sr",
    "snr": "sr",
    "ii": "2",
    "iii": "3",
    "iv": "4",
}

#: Very common person-name tokens: they identify little on their own (weight lowered).
GENERIC_PERSON: frozenset[str] = words(
    """mohammed mohammad mohamed muhammad muhammed mohamad mohd muhamad mehmet mehmed
    ahmed ahmad ali hassan hasan hussein husain hussain husein abdul abd abdel abdullah
    abdallah omar umar ibrahim mahmoud mahmud khan singh kumar kaur devi wang li zhang liu
    chen yang huang zhao wu zhou kim lee park nguyen tran le pham john james david michael
    maria mary jose juan carlos smith jones garcia rodriguez martinez hernandez lopez gonzalez
    ivanov ivanova petrov smirnov muller mueller"""
)

#: Generic words of organisation and vessel names (legal forms are removed before this): sharing
#: only these never makes a match.
GENERIC_ORG: frozenset[str] = words(
    """trading trade traders international global group groups holding holdings company
    companies corporation incorporated limited llc plc gmbh sa ag enterprise enterprises
    general import export imports exports partners partner associates worldwide world national
    united first new commercial commerce development establishment est brothers joint stock open
    closed public private pmc llp lp jsc pjsc ojsc ooo zao oao pte bhd sdn kg sarl srl bv nv oy
    ab as asa spa fze fzco fzc fzllc state federal republic government department ministry
    authority russia russian iran iranian china chinese korea korean syria syrian iraq iraqi
    turkey turkish india indian pakistan emirates uae dubai hong kong singapore cyprus panama
    america american usa uk british europe european asia asian africa african arab arabian
    middle east north south west"""
)

#: Countries and regions among the generic words: a different one on each side is another
#: entity (``Central Bank of Iran`` / ``Central Bank of Iraq``).
COUNTRIES: frozenset[str] = words(
    """russia russian iran iranian china chinese korea korean syria syrian iraq iraqi turkey
    turkish india indian pakistan emirates uae dubai hong kong singapore cyprus panama america
    american usa uk british europe european asia asian africa african arab arabian"""
)

#: Words naming a line of business: common, but they tell a parent from its subsidiaries.
SECTOR_ORG: frozenset[str] = words(
    """industries industry industrial services service solutions systems investment investments
    capital management consulting logistics shipping marine maritime transport resources
    technology network networks bank banking finance financial fund foundation association
    society organisation organization agency office center centre institute union federation
    council committee party movement front brigade brigades army forces factory plant mining
    energy oil gas petroleum construction engineering real estate property properties motors
    electric electronics chemical chemicals pharma pharmaceutical pharmaceuticals products agro
    food foods textile textiles metal metals steel lines line navigation tankers tanker carriers
    express air airlines aviation insurance media communications telecom power manufacturing
    heavy"""
)

#: Words that only link the others in organisation names.
ORG_STOPWORDS: frozenset[str] = words(
    "of the and for in at on by to und et y e i de du des la le el al der die das van von"
)

#: Abbreviations in organisation names, spelled out.
ORG_SYNONYMS: dict[str, str] = {
    "corp": "corporation",
    "co": "company",
    "cos": "companies",
    "intl": "international",
    "int": "international",
    "ltd": "limited",
    "inc": "incorporated",
    "mfg": "manufacturing",
    "bros": "brothers",
    "natl": "national",
    "assn": "association",
    "assoc": "association",
    "dept": "department",
    "govt": "government",
    "hldgs": "holdings",
    "grp": "group",
    "svcs": "services",
    "tech": "technology",
    "technologies": "technology",
    "st": "saint",
    "mt": "mount",
    "lab": "laboratory",
    "labs": "laboratories",
    "airline": "air",
    "airlines": "air",
    "airways": "air",
    # the generic words of armed groups' names, as transliterated from Arabic and Urdu
    "jabhat": "front",
    "jabhet": "front",
    "harakat": "movement",
    "harakah": "movement",
    "hizb": "party",
    "jaish": "army",
    "jaysh": "army",
    "kataib": "brigades",
    "kataeb": "brigades",
    "tanzim": "organization",
}

#: Roman numerals written after a ship's or company's name.
ROMAN: dict[str, str] = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
    "xi": "11",
    "xii": "12",
}

#: Prefixes of vessel and aircraft names.
OBJECT_PREFIXES: frozenset[str] = words("mv mt ms ss mts mfv fv rv hms usns my sy m v t s")
