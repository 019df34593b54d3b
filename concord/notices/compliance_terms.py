"""Word lists and tables for :mod:`concord.notices.compliance` (data only).

Patterns are separated by ";" or new lines. In a pattern, words are separated by spaces;
``word*`` matches any word starting so, ``a|b`` either word, ``~`` a few other words (``GAP``).
Matching ignores case and accents; in Arabic also vowel marks, hamza and alef forms, ta marbuta
and the prefixes و ف ب ل. An Arabic word written with its article (ال) needs it in the text;
written without, the article is optional.
"""

from __future__ import annotations

TYPES = ("red", "yellow", "blue", "black", "green", "orange", "purple", "silver", "un", "diffusion")
SANCTIONS = frozenset({"asset_freeze", "travel_ban", "arms_embargo"})
#: Life imprisonment as entered (see ``ChargeIn``): 1000 years, 12000 months.
LIFE_YEARS = 1000.0
LIFE_MONTHS = 12000.0
MIN_YEARS = 2.0
MIN_MONTHS = 6.0
MAX_AGE = 110
MIN_RED_AGE = 10

#: What each type needs; a missing key gives NOTES["missing_<key>"] on MISSING_FIELD[key].
REQUIRED: dict[str, tuple[str, ...]] = {
    "red": ("subject", "names", "charges", "warrant"),
    "yellow": ("subject", "event"),
    "blue": ("subject", "circumstances"),
    "black": ("body",),
    "green": ("subject", "names", "circumstances"),
    "orange": ("circumstances",),
    "purple": ("modus_operandi",),
    "silver": ("assets", "offence"),
    "un": ("sanctions", "un_reference"),
    "diffusion": ("offence",),
}
MISSING_FIELD: dict[str, str] = {
    "subject": "subject",
    "names": "subject.names",
    "charges": "charges",
    "warrant": "fields.warrant",
    "event": "fields.date_of_event",
    "circumstances": "circumstances",
    "body": "fields.body",
    "modus_operandi": "fields.modus_operandi",
    "assets": "fields.assets",
    "offence": "charges",
    "sanctions": "fields.sanctions",
    "un_reference": "fields.un_reference",
}
LIMITS: dict[bool, tuple[str, float, float, float]] = {
    False: ("penalty_years", 100.0, LIFE_YEARS, MIN_YEARS),  # field, plausible, life, threshold
    True: ("remaining_months", 1200.0, LIFE_MONTHS, MIN_MONTHS),  # for a convicted person
}
#: key -> "rule severity message"; messages are filled with str.format.
NOTES: dict[str, str] = {
    "unknown_type": "required-fields block Unknown type {value!r}: use one of {known}",
    "unknown_sanction": "required-fields block Unknown sanction measure {value}: use {known}",
    "missing_subject": "required-fields block No subject person is attached",
    "missing_names": "required-fields block The subject has no name",
    "missing_charges": "required-fields block No charge is given: a Red Notice needs one",
    "missing_warrant": "required-fields block No arrest warrant or judgment reference is given",
    "missing_event": "required-fields block Give the date of disappearance or the circumstances",
    "missing_circumstances": "required-fields block No summary of facts is given",
    "missing_body": "required-fields block No description of the body (when and where found)",
    "missing_modus_operandi": "required-fields block No modus operandi is described",
    "missing_assets": "required-fields block No asset record is listed",
    "missing_offence": "required-fields block Give a charge or the facts of the criminal activity",
    "missing_sanctions": "required-fields block No UN sanction measure is listed",
    "missing_un_reference": "required-fields block No UN list reference (e.g. QDi.001)",
    "orange_about": "required-fields info Say whom or what the threat concerns",
    "below_penalty_years": "penalty-threshold block Charge {n} carries at most {value:g} years, "
    "below the 2-year threshold for prosecution",
    "below_remaining_months": "penalty-threshold block Charge {n} leaves {value:g} months to "
    "serve, below the 6-month threshold for a sentence",
    "no_penalty_years": "penalty-threshold flag Charge {n}: give the maximum penalty (2 years min)",
    "no_remaining_months": "penalty-threshold flag Charge {n}: give the months left to serve",
    "not_serious": "serious-crime flag No charge is a serious ordinary-law crime: each reads as a "
    "private, family, administrative, behavioural or minor matter (RPD Art. 83)",
    "refugee": "refugee-status flag The person is recorded as a refugee: check whether the request "
    "comes from the country they fled and whether Art. 3 applies (refugee policy)",
    "political_figure": "political-figure flag The person is recorded as a political figure: "
    "check for a political character (Art. 3)",
    "no_identity": "data-quality info The subject has no identifier and no birth date: add one "
    "to tell the person apart",
    "birth_unreadable": "data-quality flag Cannot read the birth date {value!r}",
    "birth_future": "data-quality block The birth date {value!r} is in the future",
    "birth_old": "data-quality flag The birth date {value!r} makes the person older than 110",
    "red_child": "data-quality flag A Red Notice for a child under 10 (born {value!r})",
    "no_facts": "data-quality info Add a summary of facts: reviewers need it to judge the charges",
    "un_reference": "data-quality info {value!r} does not look like a UN list reference (QDi.001)",
    "charge_short": "data-quality info Charge {n} is too short to say what the offence is",
    "charge_law": "data-quality flag Charge {n} only cites a law: describe the offence",
    "date_unreadable": "data-quality flag Cannot read the date of charge {n}: {value!r}",
    "date_future": "data-quality block The date of charge {n} is in the future",
    "date_before_birth": "data-quality block The date of charge {n} is before the subject's birth",
    "odd_penalty_years": "data-quality block Charge {n}: {value:g} years is not a penalty "
    "(life: 1000)",
    "odd_remaining_months": "data-quality block Charge {n}: {value:g} months is not possible "
    "(life: 12000)",
}

#: category -> (rules it raises, why, types it applies to or "" for all). "minor" raises
#: nothing itself: a Red whose every charge is excluded (EXCLUDED) gets "serious-crime".
OFFENDER = "red blue green silver diffusion"
CATEGORIES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "political": (("art3-political",), "a sign of an offence of a political character", ""),
    "protest": (("art3-political",), "the offence is taking part in a protest", ""),
    "speech": (("art3-political",), "a charge that the facts tie to speech or protest", ""),
    "extremism": (("art3-political",), "extremism or riot charges often punish opinion", ""),
    "military": (("art3-military",), "an offence of a military character", ""),
    "religious": (("art3-religious",), "an offence tied to religion or belief", ""),
    "blasphemy": (
        ("behavioural-offence", "art3-religious"),
        "an offence against religion, not an ordinary-law crime",
        "",
    ),
    "racial": (("art3-racial",), "the request targets an ethnic group or minority", ""),
    "behaviour": (("behavioural-offence",), "an offence of behaviour or custom", OFFENDER),
    "sexuality": (("behavioural-offence",), "consenting adults' private conduct", OFFENDER),
    "alcohol": (("behavioural-offence",), "an offence of behaviour or custom", OFFENDER),
    "private": (("private-dispute",), "a private, family or administrative matter", OFFENDER),
    "rights": (("art2-human-rights",), "a human-rights concern (Art. 2)", ""),
    "figure": (("political-figure",), "the person may be a political figure", ""),
    "refugee": (("refugee-status",), "refugee status (Art. 3 and non-refoulement)", ""),
    "minor": ((), "a minor offence", "red"),
}
#: Markers are categories that only qualify others. A text sees the markers of its own charge
#: and of the facts; the facts see those of the whole request.
#: category -> markers it needs.
NEEDS: dict[str, str] = {"speech": "context"}
#: category -> markers that cancel it, unless its KEEP marker is there too.
UNLESS: dict[str, tuple[str, ...]] = {
    "speech": ("violence",),
    "extremism": ("violence",),
    "protest": ("violence",),
    "sexuality": ("coercion",),
    "alcohol": ("driving", "violence"),
    "private": ("criminal", "violence"),
    "religious": ("violence",),
}
KEEP: dict[str, str] = {"extremism": "context", "private": "parental"}
#: categories found in the circumstances only when no violence is described there.
CIRCUMSTANCES_UNLESS_VIOLENCE = frozenset({"behaviour", "sexuality", "alcohol", "private"})
CHARGES_ONLY = frozenset({"protest", "minor"})
EXCLUDED = frozenset({"private", "behaviour", "sexuality", "alcohol", "blasphemy", "minor"})
#: A political-figure word right after one of these describes a victim, not the person.
VICTIM_WINDOW = 40
#: Words a ``~`` in a pattern may skip.
GAP = 4

#: Names usable in patterns for a set of alternatives.
ALIASES: dict[str, str] = {
    "@PROTEST": "protest|protests|protested|protesting|protester*|protestor*|demonstration*|"
    "demonstrator*|rally|rallies|picket*",
    "@PROTESTA": "protesta|protestas|protestar|protestaron|protesto|manifestacion*",
    "@RIOT": "riot|riots|rioting|rioter*",
}
TERMS: dict[str, str] = {
    "political": """
insult*|offend*|outrag*|defam*|slander*|libel*|disrespect*|denigrat*|vilif*|mock*|
contempt ~ president*|head|king|queen|monarch*|emir|sultan|crown|royal*|sovereign|leader|state|
nation|government|authorit*|official*|institution*|parliament|army|flag|republic|turkishness
unauthorised|unauthorized|unsanctioned|illegal|unlawful ~ mass ~ event*|action*; divisionism
lese majeste; lese-majeste; separatis*; secession*; territorial integrity; sedition*|seditious
treason; subversi*; insurrection*; rebellion; espionage; spying; espionnage; espionaje; تجسس
unauthorised|unauthorized|unsanctioned|unpermitted|illegal|unlawful|prohibited|banned ~ @PROTEST|
assembly|assemblies|gathering*|picket*|procession*
organi*|leading|calling|calls ~ @PROTEST|@RIOT|unrest|disorder*
participat*|involvement ~ @PROTEST|unrest|@RIOT; took|taking part ~ @PROTEST|@RIOT
opposition ~ party|parties|movement|bloc|organi*; member*|financ* ~ opposition
banned|outlawed|proscribed|dissolved ~ party|parties|political
electoral|election*|ballot ~ offence*|offense*|crime*|violation*|law|code|rigging|interference
spread*|dissemina*|publish*|distribut*|broadcast* ~ false|fake|untrue|fabricated|
knowingly ~ information|news|rumou*|reports|statements|data; fake news; false news; disinformation
discredit* ~ armed|army|military|state|republic|authorities|government|country; national unity
unity of the nation; prestige of the state; undermin* ~ state|authority|government|constitutional
coup d'etat; coup d'état; coup attempt; attempted coup; coup plot*
overthrow* ~ government|state|regime|constitutional|president; anti-state; anti-government
anti-regime; propaganda ~ against|state|system|regime; foreign agent*; undesirable organi*
discord
insulte*|injure*|offense*|outrage*|diffamation|atteinte*|mepris ~ chef|president*|roi|souverain|
monarque|institutions|etat|autorites|fonctionnaire*|armee|drapeau|nation
manifestation*|rassemblement*|attroupement*|reunion* ~ non ~ autorise*|declare*
manifestation*|rassemblement*|attroupement*|reunion* ~ illicite*|interdit*|illegal*
incitation|appel* ~ attroupement*|manifestation*|rebellion|insurrection|desobeissance
participation|organisation|organiser ~ manifestation*|rassemblement*|attroupement*|emeute*
fausses ~ nouvelles|informations; diffusion|propagation|publication ~ fausse*|faux|mensong*
unite nationale; demoralisation ~ armee|troupes|nation; trahison; haute trahison; surete ~ etat
complot ~ contre|etat|surete; parti ~ opposition|dissous|interdit; propagande ~ contre|hostile
desacato
injuria*|calumnia*|ofensa*|ultraje*|vilipendio|difamacion|agravio*|irrespeto ~ presidente|jefe|
rey|corona|monarca|autoridad*|funcionario*|estado|nacion|patria|simbolos|bandera|institucion*|
fuerza*|ejercito
manifestacion*|reunion*|concentracion*|@PROTESTA ~ ilicita*|ilegal*|prohibida*|autorizada*
instigacion|incitacion ~ rebelion|desobediencia|insurreccion; rebelion; sedicion; traicion
golpe de estado; menoscabo ~ integridad|soberania|independencia
conspiracion ~ estado|gobierno|menoscabo; noticias falsas
propagacion|difusion ~ noticias|informacion ~ falsa*; partido* ~ oposicion
organizacion|participacion ~ @PROTESTA|manifestacion*
إهانة|شتم|قذف|المساس|العيب|التطاول ~ رئيس|الملك|ملك|الأمير|أمير|السلطان|الذات|الدولة|هيئة|هيئات|
موظف|مؤسسات|الجيش|العلم|رموز|الحكومة
نشر|إذاعة|بث|ترويج|إشاعة ~ أخبار|شائعات|بيانات|معلومات ~ كاذبة; أخبار كاذبة; شائعات كاذبة
مشاركة|المشاركة|تنظيم|الدعوة|الدعوه|التحريض|الاشتراك ~ مظاهرة|مظاهرات|تظاهر*|تجمهر|احتجاج*|اعتصام*
تجمهر; مظاهرة|مظاهرات|تظاهر*|تجمع ~ غير ~ مرخص*|قانوني*|مشروع*
الإساءة|إساءة ~ رئيس|الملك|الأمير|الذات|رموز|السلطان; الطعن ~ حقوق|سلطات|الأمير|الذات; انفصالي*
دعوة|الدعوة ~ انفصال|الانفصال; الوحدة الوطنية; هيبة الدولة
قلب|تغيير|إسقاط ~ نظام الحكم|النظام|الحكومة; خيانة ~ عظمى|الوطن; محاولة انقلاب; انقلاب عسكري
الانقلاب على; إثارة|اثارة ~ الفتنة|الفتن|النعرات|البلبلة; إضعاف|اضعاف ~ الشعور|الروح|هيبة
تكدير ~ الأمن العام|السلم العام; جماعة|جماعات|تنظيم ~ محظور*; حزب ~ محظور|معارض|منحل
المعارضة السياسية; أحزاب المعارضة; جرائم|جريمة ~ انتخابية
""",
    "protest": """
@PROTEST; manifestation*; manifestant*
rassemblement*; manifestacion*; manifestante*; @PROTESTA; مظاهرة; مظاهرات; تظاهر*; متظاهر*
احتجاج*; اعتصام*
""",
    "speech": """
terror*; incit*; hooligan*; espionage|spying|spy; hatred; hate; public order; breach of the peace
state secret*; classified information; espionnage; haine; ordre public; secret* ~ defense|etat
instigacion|instigar; espionaje; odio; orden publico; secreto* ~ estado; إرهاب*
تحريض|التحريض|حرض|يحرض; تجسس; الكراهية; النظام العام; الأمن العام; السلم العام; أسرار ~ الدولة
""",
    "extremism": """
extremis*; extremist*; radicalis*; radicaliz*; mass riot|mass riots; mass disorder*; @RIOT
emeute*; disturbios; تطرف; متطرف*; الشغب; أعمال شغب
""",
    "military": """
desertion; deserter*; desert|deserted|deserting ~ unit|army|post|service|ship|regiment|barracks
draft evasion; draft dodg*; evad*|evasion|avoid* ~ military|conscription|draft|mobili*|call-up
conscientious objector*; conscientious objection
refus* ~ serve|military|conscription|mobili*|call-up|arms; insubordina*
disobe* ~ military|commander*|superior*; military secret*; absent* without leave; awol; mutiny
unauthorised|unauthorized ~ absence|abandonment ~ unit; leav*|abandon* ~ unit|post|ship ~ without
desertion; deserteur*; insoumission; insoumis; refus ~ obeissance|obeir|servir|service
secret* ~ militaire*; mutinerie; abandon de poste; desercion; desertor*
negativa|rehus* ~ servicio|militar|armas; evasion ~ servicio|militar; objecion de conciencia
objetor*; secreto* ~ militar*; motin
فرار|الفرار|هروب|الهروب|تخلف|التخلف ~ خدمة|الخدمة|الجيش|الجندية|وحدة|وحدته|التجنيد
التهرب|تهرب ~ خدمة|الخدمة|التجنيد|العسكرية|التعبئة; عصيان ~ أوامر|الأوامر|عسكري*; أسرار عسكرية
تمرد عسكري
""",
    "religious": """
heres*; heretic*; proselyt*; proselit*; herej*; herejia
insult*|defam*|offend*|offence|outrag*|desecrat*|contempt|mock* ~ religion*|religious|prophet|
islam|faith|god|sacred|holy|quran|koran|bible|beliefs|believers
religious ~ group|sect|organi*|community|movement|association|activit*|literature|meetings
member*|followers|adherent* ~ sect|cult|religious|jehovah*|church|falun|ahmadiyya; jehovah*
falun gong; ahmadiyya; ahmadis; bahai; baha'i; hizb ut-tahrir; tablighi; atheis*; shak* ~ faith
unregistered|unlicensed|illegal ~ preaching|worship|religious|missionary; missionary activit*
ebranl* ~ foi
atteinte*|outrage*|offense* ~ religion|valeurs|sacre*|prophete|islam|culte|croyances; secte*
escarnio ~ religi*|creencias|sentimientos|confesion*
ofensa*|ultraje* ~ sentimientos|religion|profeta; secta*; ازدراء ~ الأديان|الدين|الإسلام
الإساءة|إساءة|إهانة|سب|التطاول ~ الدين|الأديان|الذات|الرسول|النبي|الصحابة|المقدسات|الإسلام|القرآن
التبشير; التنصير; الإلحاد; ملحد*; طائفة ~ محظورة|دينية; البهائية; بهائي*; زندقة; الزندقة
""",
    "blasphemy": """
blasphem*; blasfem*; apostas*; apostate*; insult* ~ religion|prophet|islam|sacred; تجديف; ردة
الردة; ارتداد; مرتد
""",
    "racial": """
ethnic ~ group|minority|community|identity|affiliation; national minorit*
member*|belong* ~ ethnic|tribe|tribal|minority; uyghur*; uighur*; uigur*; ouighour*; rohingya
crimean tatar*; ethnie*; groupe ethnique; appartenance ~ ethnique|ethnie|tribu|minorite; etnia*
grupo etnico; minoria etnica; pertenencia ~ etnica|etnia|pueblo|minoria; أقلية ~ عرقية|قومية
الانتماء ~ عرق*|قبيل*|أقلية; مجموعة|جماعة ~ عرقية; الأويغور; الإيغور; الروهينغا
""",
    "behaviour": """
without ~ permission|consent|authorisation|authorization ~ guardian|husband|wali|mahram
sans ~ autorisation|permission|accord ~ tuteur|mari|epoux
sin ~ permiso|autorizacion ~ tutor|marido|esposo; دون|بدون ~ إذن|موافقة ~ ولي|محرم|زوجها|الزوج
adulter*; fornica*; zina; extramarital|extra-marital ~ relation*|affair*|sex*
illicit ~ relation*|affair*; relations ~ outside ~ marriage; witchcraft; sorcery; black magic
abortion*; running away ~ guardian|husband|father|family|parents
runaway|absconding|absconded ~ guardian|husband|father|family|parents
disobedien*|disobey* ~ parents|father|husband|guardian; family honou*; honou* of the family
dishonou* ~ family; relations ~ hors ~ mariage; extraconjugal*; sorcellerie; magie noire
charlatanisme; avortement*; fugue; abandon|quitte* ~ domicile conjugal
desobeissance ~ parents|mari|epoux|pere; honneur ~ famille; brujeria; hechiceria; aborto*
abandono ~ hogar|domicilio conyugal; desobediencia ~ padres|marido|esposo; honra|honor ~ familia
الزنا; زنا; زنى; الخيانة الزوجية; علاقة|علاقات ~ غير شرعية|محرمة; ممارسة السحر; أعمال السحر; السحر
الشعوذة; الدجل; الإجهاض
التغيب|الهروب|الخروج|تغيب|هروب ~ المنزل|منزل|ولي|ولي الأمر|الزوجية|الزوج|الأسرة
عقوق ~ الوالدين|الوالدين; النشوز; عصيان ~ الزوج|الوالدين|ولي; شرف العائلة; الإخلال بالشرف
خدش الشرف
""",
    "sexuality": """
homosexual*; sodom*; lgbt*; same-sex ~ relation*|act*|conduct|intercourse
unnatural ~ offence*|act*|intercourse|carnal; gross indecency; public indecency
indecent ~ dress|clothing|behaviour|behavior; immodest*
immoral* ~ behaviour|behavior|conduct|act*; debauchery; cross-dressing
imitating ~ women|opposite sex; public morals; public decency; gay propaganda
propaganda ~ non-traditional; actes contre nature; contre nature; outrage ~ pudeur|moeurs
bonnes moeurs; debauche; escandalo publico; actos impudicos; actos inmorales
ultraje ~ pudor|moral; اللواط; لواط; الشذوذ; الشذوذ الجنسي; المثلية; مثلي*; الفجور; الفسق
التشبه بالنساء; تشبه بالنساء; خدش الحياء; الفعل الفاضح; الآداب العامة
""",
    "alcohol": """
consum*|drinking|possession ~ alcohol*|liquor|wine; public drunkenness
ivresse ~ publique|manifeste; consommation ~ alcool; consumo ~ alcohol|bebidas; embriaguez
تعاطي|شرب|حيازة ~ الخمر|الخمور|الكحول|المسكرات; السكر العلني
""",
    "private": """
debt|debts|indebtedness; unpaid ~ debt*|loan*|rent|invoice*|bill*|salar*|wages|sum*; non-payment
nonpayment; non-repayment; non-reimbursement; fail* to pay|repay; default* ~ loan*|repayment*
bounced|dishonou*|returned|uncovered|unfunded|rubber ~ cheque*|check*
cheque*|check* ~ insufficient|without|no ~ funds|cover|provision|balance; insufficient funds
breach ~ contract*|agreement; contractual ~ dispute|obligation*
commercial|civil|business|family|property|land ~ dispute*; child custody
custody ~ child*|children|dispute|order|rights|son|daughter
parental ~ dispute|rights|abduction|kidnapping; visitation rights; access rights
non-presentation ~ child*; alimony; child support
maintenance ~ payment*|order|obligation*|arrears; family abandonment; abandonment of family
inheritance; succession dispute; estate dispute; tax arrears; unpaid tax*
customs|tax ~ violation*|infraction*|infringement*|regulations
administrative ~ offence*|offense*|violation*|breach*|infraction*
visa ~ overstay*|violation*|expired; overstay*
illegal|irregular|unlawful ~ stay|residence|residency; immigration ~ violation*|offence*|rules
labour dispute; labor dispute; employment dispute; abscond* ~ sponsor|employer; dette*
cheque* ~ sans ~ provision; emission ~ cheque*; non-paiement; defaut de paiement; impaye*
rupture ~ contrat; inexecution ~ contrat|obligation*
litige ~ commercial|civil|familial|foncier|successoral; garde ~ enfant*
non-representation ~ enfant*; droit de visite; pension alimentaire; abandon de famille
partage ~ heritage|succession; infraction* ~ douaniere*|fiscale*|administrative*
sejour ~ irregulier|illegal; depassement ~ visa; deuda*; cheque* ~ sin ~ fondos|provision
cheque* ~ devuelto*|rechazado*; libramiento ~ cheque*; impago*
incumplimiento ~ contrato|contractual|pago; custodia ~ menor*|hijo*|nino*; regimen de visitas
sustraccion ~ menor*; pension ~ alimenticia|alimentaria|alimentos; inasistencia alimentaria
herencia; litigio|disputa|conflicto ~ comercial|civil|familiar|sucesorio
estancia|permanencia ~ irregular|ilegal; infraccion ~ aduanera|administrativa; شيك ~ رصيد
شيك*|شيكات ~ مرتجع*; إصدار ~ شيك*; ديون; مديونية; دين مستحق; سداد ~ دين|الدين|قرض|القرض; عدم سداد
عدم الوفاء; عدم دفع; الإخلال|إخلال ~ عقد|العقد|بالعقد|التزامات; نزاع ~ تجاري|مدني|عائلي|أسري|عقاري
حضانة|الحضانة ~ الطفل|الأطفال|الأبناء|الأولاد|ابن*|ابنت*; نزاع ~ حضانة|الحضانة; حق الحضانة
حق الرؤية; رؤية الأطفال; نفقة ~ زوج*|الأطفال|الأولاد|شرعية; النفقة الزوجية; ميراث; الميراث; الإرث
تركة; التركة; مخالفة|مخالفات ~ الإقامة|إقامة|تأشيرة|التأشيرة|الجمارك|جمركية|ضريبية|إدارية
تجاوز ~ مدة ~ الإقامة|التأشيرة; الإقامة غير المشروعة; إقامة غير قانونية; التغيب ~ العمل
تغيب|هروب|بلاغ ~ كفيل|الكفيل
""",
    "rights": """
death penalty; capital punishment; punishable by death; sentenced to death; under torture
tortured ~ custody|detention|prison; confession* ~ torture|duress|coercion; in absentia; flogging
lashes; lashing; caning; whipping; stoning; amputation ~ hand|hands|limb*|foot; cross-amputation
peaceful assembly; freedom of ~ expression|speech|association|religion|assembly|belief|press
peine de mort; peine capitale; condamne a mort; sous la torture; par contumace; par defaut
flagellation; coups de fouet; lapidation; amputation ~ main|mains
liberte ~ expression|reunion|association|presse|culte; pena de muerte; pena capital
condenado a muerte; bajo tortura; en rebeldia; juicio|juzgado*|condenado*|sentencia ~ en ausencia
contumacia; latigazos; azotes; flagelacion; lapidacion; amputacion ~ mano|manos
libertad ~ expresion|reunion|asociacion|prensa|culto; الإعدام; إعدام; تحت التعذيب; غيابي*; غيابيا
جلدة; جلدات; الجلد; رجم; الرجم; قطع اليد; القصاص; حرية ~ التعبير|الرأي|التجمع|الصحافة
""",
    "figure": """
opposition ~ leader*|politician*|figure*|member*|activist*|journalist*|blogger*|party|movement
politician*; activist*; human rights ~ defender*|lawyer*|activist*; rights defender*; journalist*
reporter*; dissident*; blogger*; member of parliament; parliamentarian*; senator
former ~ minister|prime|mayor|governor; critic* ~ government|president|regime|authorities
presidential candidate; whistleblower*; trade unionist*; exiled; in exile; opposant*
homme politique; femme politique; personnalite politique
militant*|militante* ~ droits|politique|associatif|syndical|opposition|humains
defenseur* ~ droits; blogueu*; depute*; ancien ~ ministre|premier|maire; syndicalist*
lanceur d'alerte; exile*; opositor*; dirigente ~ opositor|oposicion; lider ~ opositor|oposicion
activista*; defensor* ~ derechos; periodista*; disidente*; diputad*; exministr*; ex ministr*
sindicalista*; bloguer*; exiliad*; معارض سياسي; المعارض السياسي; معارضين; المعارضين; معارضون
زعيم|قيادي|قادة|رموز ~ المعارضة; حزب ~ معارض; ناشط*; حقوقي*; المدافع* ~ حقوق; صحفي*; صحافي*
إعلامي*; مدون*; برلماني*; عضو ~ البرلمان|مجلس; وزير سابق; الوزير السابق; منشق*
""",
    "refugee": """
refugee status; recognised|recognized refugee; political asylum; granted ~ asylum|refugee
asylum ~ granted; statut ~ refugie; refugie politique; asile politique; droit d'asile
obtenu ~ asile; estatuto ~ refugiado; refugiado politico; asilo politico; concedido ~ asilo
لاجئ سياسي; حق اللجوء; لجوء سياسي; اللجوء السياسي; صفة ~ لاجئ
""",
    "minor": """
shoplifting; petty theft; traffic ~ offence*|offense*|violation*
driving without ~ licence|license; defamation; libel; slander; trespass*; disorderly conduct
vol a l'etalage; contravention*; diffamation; injure*|injures ~ publique*|envers|raciale*
hurto ~ menor|leve; difamacion; injuria*; calumnia*; قذف; سب; شتم; مخالفة مرورية
""",
    # Markers: not rules themselves, they qualify the categories above.
    "context": """
posts|posted|posting; social ~ media|network*; facebook; instagram; telegram; twitter; tweet*
vkontakte; youtube; tiktok; blog*; publish*; publication*
interview* ~ newspaper*|press|television|radio|channel|outlet*; speech*; broadcast*; video*
comment*; criticis*; criticiz*; @PROTEST
petition*; leaflet*; literature; slogan*; songs; lyrics; rapper*; journalis*; reporter*
newspaper*; writer; opposition; activis*; sermon*; peaceful*; religious; study circle*
justif* ~ terror*; apolog* ~ terror*; glorif* ~ terror*; gulen*; feto; bylock; hizmet
hizb ut-tahrir; jehovah*; falun; publie*; publiant; reseaux sociaux; manifestation*; manifestant*
rassemblement*; greve*; critiqu*; tribune; opposant*; publicacion*; publicado; publicar
redes sociales; periodis*; manifestacion*; manifestante*; @PROTESTA; huelga*; tuit*; mensajes
declaraciones; critica*; critico; opositor*; activista*; cancion*; letras; enaltecimiento; منشور*
نشر; فيسبوك; فيس بوك; تويتر; تغريد*; التواصل الاجتماعي; مقال*; صحف*; صحيف*; صحفي*; مظاهرة; مظاهرات
تظاهر*; متظاهر*; احتجاج*; اعتصام*; خطاب*; خطبة; تصريحات; فيديو; انتقاد*; انتقد; معارض*; ناشط*
إعلام*; تدوين*; مدون*; كتب
""",
    "violence": """
isis; isil; daesh; al-qaida; al-qaeda; al-shabaab; boko haram; al-nusra; داعش; تنظيم القاعدة
حركة الشباب; combattant*; combatiente*; jihadi*; جهادي*; قتال; القتال; مقاتل*; bomb*; explosi*
detonat*; ied; grenade*; kill|kills|killed|killing; murder*; homicid*; shoot*; shot; gunfire
gunman; gunmen; stab*; armed|suicide|terrorist|bomb|gun|knife ~ attack*
attack* ~ killing|killed|wounding|wounded|injuring|civilians|checkpoint|barracks|convoy; hostage*
kidnap*; arson; set fire; injur*; wound*; dead; casualt*; weapon*; firearm*; rifle*; ammunition
fighter*; robber*; assault*
armed ~ group*|attack*|robber*|men|gang*|assault*|militia*|struggle|formation*|faction*|wing
behead*; massacre*; assassinat*; attentat*; bombe*; tue|tues|tuer|tuant; meurtre*; blesse*; otage*
arme|armes; incendie*; fusillade; braquage; agression*; atentado*; bomba*; asesin*; matar|mato
muertos|muerto|muertas; herid*; rehen|rehenes; arma|armas|armado*; incendi*; disparo*; robo*
agresion; تفجير*; متفجر*; انفجار*; ناسفة; قتل; القتل; قتلى; مقتل; اغتيال; قتيل; سلاح; أسلحة
مسلحين; مسلحون; جماعة مسلحة; عصابة مسلحة; سطو; هجوم مسلح; هجوم انتحاري; هجمات; رهائن; رهينة; جرحى
إصابة; مصاب*; حرق; إحراق; أضرم; اعتداء
""",
    "criminal": """
victims; investors; depositors; ponzi; pyramid; forg*; counterfeit*; laundering; criminal organi*
organised group; organized group; organised crime; organized crime; shell compan*; identity theft
victimes; investisseurs; epargnants; usage de faux; faux; blanchiment; bande organisee; victimas
inversionistas; inversores; ahorristas; falsificacion; lavado; blanqueo; organizacion criminal
ضحايا; الضحايا; مستثمرين; المستثمرين; تزوير; مزور*; غسل|غسيل ~ أموال|الأموال; عصابة
""",
    "coercion": """
rape*; minor|minors; child*; boy*; girl*; under the age; year-old; years old; force*; forcibl*
non-consensual; without consent; violence; assault*; victim*; abus*; viol; mineur*; enfant*
contrainte; agression*; violacion; menor*; nino*; nina*; abuso*; agresion; اغتصاب; قاصر*; طفل
أطفال; الأطفال; إكراه; بالإكراه; هتك; ضحية; عنف
""",
    "parental": """
parental ~ kidnap*|abduction|abductions; child abduction by ~ parent|mother|father
sustraccion ~ menor*; enlevement parental; non-representation ~ enfant*
خطف الأطفال من قبل ~ الأب|الأم
""",
    "driving": """
driv*; drove; vehicle*; under the influence; conduite; conducteur; conduc*; vehiculo*; قيادة
سيارة; مركبة
""",
    "victim": """
meurtre*; asesinato*; homicid*; feminicid*; femicid*; النار; طعن; ضرب; اعتدى; الاعتداء
death|mort|muerte ~ of|de|du|del; bomb*; explosi*; target*; attentat*; atentado*; تفجير; استهداف
مقتل; لمقتل; victim*
killed|killing|kill|murder*|assassinat*|kidnap*|abduct*|attack*|assault*|shot|shooting|stabb*|
threaten*|extort*|blackmail*|robbed; tue|assassine*|enleve*|agresse*|menace*|victime*
asesin*|secuestr*|agred*|amenaz*|victima*; قتل; اغتيال; خطف; اختطاف; ضحية; تهديد; ابتزاز
""",
}

#: Words of a bare legal reference ("Art. 319 of the Criminal Code").
LAW_WORDS = """art arts article articles articulo section sec paragraph para par al alinea
clause item sub bis ter quater of the du de la le des del los code codigo cc cp pc penal
criminal law act ley loi no nr n قانون القانون المادة مادة من العقوبات الجزائي فقرة البند"""
