"""The tables of the starter gazetteer (:mod:`builder.extract.gazetteer`), written by hand for Arabic news.

CLDR (through Babel) gives every country's and territory's Arabic name; these tables add what
CLDR does not hold: the other names the press writes, the nisba where the rule of
:func:`builder.extract.gazetteer.nisba_stems` does not give it, the names and adjectives that are also
ordinary words (so they count only in context: docs/content.md, rule 9), and the main
international organisations. Each entry a table adds to is written with ``origin`` saying so.
"""

from __future__ import annotations

# Territories that are not sovereign states: written as places (kind region), without adjectives.
TERRITORIES = frozenset(
    "AC AI AQ AS AW AX BL BM BQ BV CC CK CP CQ CW CX DG EA EH FK FO GF GG GI GL GP GS GU HK HM IC IM IO "
    "JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TA TC TF TK UM VG VI WF YT".split()
)
# CLDR codes that are no country or territory: regions, unions, pseudo-locales.
NOT_PLACES = frozenset("EU EZ UN QO XA XB ZZ".split())

# Slugs where the English CLDR name makes a poor one.
SLUGS = {
    "TR": "turkey", "MM": "myanmar", "HK": "hong-kong", "MO": "macao", "PS": "palestine",
    "CD": "dr-congo", "CG": "republic-of-the-congo", "CI": "ivory-coast", "CZ": "czech-republic",
    "US": "united-states", "GB": "united-kingdom", "SX": "sint-maarten", "MF": "saint-martin",
}

# Arabic display names where CLDR's is not the one the press uses, or holds punctuation.
NAMES = {
    "HK": "هونغ كونغ", "MO": "ماكاو", "MM": "ميانمار", "CC": "جزر كوكوس", "PS": "فلسطين",
    "CD": "جمهورية الكونغو الديمقراطية", "CG": "جمهورية الكونغو", "TL": "تيمور الشرقية",
    "SX": "سينت مارتن", "DK": "الدنمارك", "HU": "المجر", "CZ": "التشيك",
}

# Other names, as the press writes them (a CLDR name that NAMES replaced is kept here too).
OTHER_NAMES = {
    "US": ["الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا", "أميركا"],
    "GB": ["بريطانيا", "بريطانيا العظمى"],
    "RU": ["روسيا الاتحادية"],
    "CN": ["جمهورية الصين الشعبية"],
    "TR": ["الجمهورية التركية"],
    "IR": ["الجمهورية الإسلامية الإيرانية"],
    "IL": ["دولة إسرائيل"],
    "PS": ["دولة فلسطين", "الأراضي الفلسطينية"],
    "SA": ["السعودية", "المملكة السعودية"],
    "AE": ["الإمارات", "دولة الإمارات"],
    "EG": ["جمهورية مصر العربية"],
    "LY": ["دولة ليبيا"],
    "SY": ["سورية", "الجمهورية العربية السورية"],
    "IQ": ["جمهورية العراق"],
    "JO": ["المملكة الأردنية الهاشمية", "المملكة الأردنية"],
    "LB": ["الجمهورية اللبنانية"],
    "YE": ["الجمهورية اليمنية"],
    "OM": ["سلطنة عمان"],
    "QA": ["دولة قطر"],
    "KW": ["دولة الكويت"],
    "BH": ["مملكة البحرين"],
    "SD": ["جمهورية السودان"],
    "SS": ["دولة جنوب السودان"],
    "TN": ["الجمهورية التونسية"],
    "DZ": ["الجمهورية الجزائرية"],
    "MA": ["المملكة المغربية"],
    "MR": ["الجمهورية الإسلامية الموريتانية"],
    "ML": ["جمهورية مالي", "دولة مالي"],
    "BJ": ["جمهورية بنين", "دولة بنين"],
    "KP": ["كوريا الديمقراطية", "جمهورية كوريا الديمقراطية الشعبية"],
    "KR": ["جمهورية كوريا"],
    "CD": ["الكونغو الديمقراطية"],
    "CG": ["الكونغو برازافيل"],
    "CI": ["كوت ديفوار"],
    "CZ": ["جمهورية التشيك", "تشيكيا"],
    "DK": ["الدانمارك", "الدانمرك"],
    "HU": ["هنغاريا"],
    "BY": ["روسيا البيضاء"],
    "MM": ["بورما"],
    "MK": ["مقدونيا"],
    "BA": ["البوسنة"],
    "VA": ["دولة الفاتيكان"],
    "NL": ["مملكة هولندا"],
    "TL": ["تيمور ليشتي"],
    "CV": ["كاب فيردي"],
    "SZ": ["سوازيلاند"],
    "GL": ["جرينلاند"],
    "NZ": ["نيوزلندا"],
}

# Nisba stems (masculine singular, without ال) where the rule gives none or the wrong one.
STEMS = {
    "US": ["أمريكي", "أميركي"], "GB": ["بريطاني"], "AE": ["إماراتي"], "AT": ["نمساوي"],
    "DK": ["دنماركي"], "PE": ["بيروفي"], "AM": ["أرميني", "أرمني"], "CI": ["إيفواري"],
    "BA": ["بوسني"], "MK": ["مقدوني"], "CZ": ["تشيكي"], "HU": ["مجري", "هنغاري"], "AF": ["أفغاني"],
    "KZ": ["كازاخستاني"], "UZ": ["أوزبكي"], "PS": ["فلسطيني"], "SA": ["سعودي"], "BY": ["بيلاروسي"],
    "CD": [], "CG": [], "KP": [], "KR": [], "SS": [], "ZA": [], "CF": [], "DO": [], "KM": [],
    "ML": [], "BJ": [], "MM": [],
}
# Broken plurals the press uses beside the regular ones.
BROKEN_PLURALS = {
    "TR": ["الأتراك"], "RU": ["الروس"], "DE": ["الألمان"], "MA": ["المغاربة"], "AF": ["الأفغان"],
    "IN": ["الهنود"], "GB": ["الإنجليز"], "KR": [], "AM": ["الأرمن"],
}
# Two-word adjectives of two-word names.
PHRASE_ADJECTIVES = {
    "KP": ["الكوري الشمالي", "الكورية الشمالية", "الكوريين الشماليين"],
    "KR": ["الكوري الجنوبي", "الكورية الجنوبية", "الكوريين الجنوبيين"],
}

# Names and adjective forms that are also ordinary words of the press, found by reading the
# 31,519 articles of ant-2018 (tests/unit/test_gazetteer_corpus.py checks every other form there):
# they go under needs_context, and count only where the country is named otherwise in the article.
AMBIGUOUS = {
    "ML": ["مالي"],  # «المالي», «دعم مالي»: financial
    "BJ": ["بنين"],  # «البنين»: sons, boys
    "OM": ["عمان"],  # Amman, Jordan's capital, is written the same
}
# The neighbours whose mention in a paragraph lets an ambiguous name count there («مالي والنيجر»).
CONTEXT = {
    "ML": ["niger", "burkina-faso", "mauritania", "algeria", "chad", "senegal", "guinea", "ivory-coast"],
    "BJ": ["nigeria", "togo", "niger", "burkina-faso"],
}
# Adjective forms (as derived) that are ordinary words: they are left out.
NOT_ADJECTIVES = {
    "YE": ["اليمني", "يمنيا"],  # «اليمنى» (the right one: «قدمه اليمنى») is written the same once ى is ي
    "RO": ["الروماني", "الرومانية", "رومانيا"],  # Roman; رومانيا is the country's name itself
    "HU": ["المجري"],  # «المجرى»: a course, a stream
}
# Look-alike phrases that never mean the entry.
NOT_ALIASES = {
    "FR": ["وكالة الصحافة الفرنسية", "وكالة الأنباء الفرنسية"],  # AFP, cited in any story
    "US": [f"{a} {b}" for a in ("أمريكا", "أميركا") for b in ("اللاتينية", "الجنوبية", "الشمالية", "الوسطى")],
    "PA": ["وثائق بنما"],  # the Panama Papers
    "JE": ["نيو جيرسي"],
    "GE": ["ولاية جورجيا"],
    "NE": ["نهر النيجر"],
}

# Look-alikes of organisations: the football confederations are no political unions.
ORGANISATION_NOT_ALIASES = {
    "european-union": ["الاتحاد الأوروبي لكرة القدم"],
    "african-union": ["الاتحاد الأفريقي لكرة القدم"],
}

# The main international organisations: slug, Arabic name, English name, other names, adjectives.
ORGANISATIONS = [
    ("united-nations", "الأمم المتحدة", "United Nations", ["منظمة الأمم المتحدة"], ["الأممي", "الأممية"]),
    ("un-security-council", "مجلس الأمن الدولي", "UN Security Council", ["مجلس الأمن التابع للأمم المتحدة"], []),
    ("un-general-assembly", "الجمعية العامة للأمم المتحدة", "UN General Assembly", [], []),
    ("un-human-rights-council", "مجلس حقوق الإنسان", "UN Human Rights Council",
     ["مجلس حقوق الإنسان التابع للأمم المتحدة", "مجلس حقوق الإنسان الأممي"], []),
    ("unhcr", "المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "UNHCR",
     ["مفوضية الأمم المتحدة لشؤون اللاجئين", "مفوضية اللاجئين"], []),
    ("unicef", "اليونيسف", "UNICEF", ["منظمة الأمم المتحدة للطفولة", "يونيسيف", "اليونيسيف"], []),
    ("unesco", "اليونسكو", "UNESCO", ["منظمة الأمم المتحدة للتربية والعلم والثقافة"], []),
    ("unrwa", "الأونروا", "UNRWA", ["وكالة غوث وتشغيل اللاجئين الفلسطينيين"], []),
    ("world-food-programme", "برنامج الأغذية العالمي", "World Food Programme", [], []),
    ("world-health-organization", "منظمة الصحة العالمية", "World Health Organization", [], []),
    ("imf", "صندوق النقد الدولي", "International Monetary Fund", [], []),
    ("world-bank", "البنك الدولي", "World Bank", [], []),
    ("world-trade-organization", "منظمة التجارة العالمية", "World Trade Organization", [], []),
    ("iaea", "الوكالة الدولية للطاقة الذرية", "IAEA", [], []),
    ("opcw", "منظمة حظر الأسلحة الكيميائية", "OPCW", [], []),
    ("international-criminal-court", "المحكمة الجنائية الدولية", "International Criminal Court", [], []),
    ("international-court-of-justice", "محكمة العدل الدولية", "International Court of Justice", [], []),
    ("icrc", "اللجنة الدولية للصليب الأحمر", "ICRC", [], []),
    ("arab-league", "جامعة الدول العربية", "Arab League", ["الجامعة العربية"], []),
    ("african-union", "الاتحاد الأفريقي", "African Union", [], []),
    ("european-union", "الاتحاد الأوروبي", "European Union", ["الاتحاد الأوربي"], []),
    ("nato", "حلف شمال الأطلسي", "NATO", ["الناتو", "حلف الناتو", "حلف الأطلسي"], []),
    ("gulf-cooperation-council", "مجلس التعاون الخليجي", "Gulf Cooperation Council",
     ["مجلس التعاون لدول الخليج العربية"], []),
    ("organisation-of-islamic-cooperation", "منظمة التعاون الإسلامي", "Organisation of Islamic Cooperation", [], []),
    ("opec", "أوبك", "OPEC", ["منظمة الدول المصدرة للنفط", "منظمة البلدان المصدرة للبترول"], []),
    ("g20", "مجموعة العشرين", "G20", [], []),
    ("g7", "مجموعة السبع", "G7", ["مجموعة الدول السبع"], []),
    ("brics", "مجموعة بريكس", "BRICS", ["بريكس"], []),
    ("asean", "رابطة دول جنوب شرق آسيا", "ASEAN", ["آسيان"], []),
    ("osce", "منظمة الأمن والتعاون في أوروبا", "OSCE", [], []),
    ("shanghai-cooperation-organisation", "منظمة شنغهاي للتعاون", "Shanghai Cooperation Organisation", [], []),
    ("interpol", "الإنتربول", "Interpol", ["الانتربول الدولي"], []),
    ("amnesty-international", "منظمة العفو الدولية", "Amnesty International", ["العفو الدولية"], []),
    ("human-rights-watch", "هيومن رايتس ووتش", "Human Rights Watch", [], []),
    ("doctors-without-borders", "أطباء بلا حدود", "Médecins Sans Frontières", [], []),
    ("fifa", "الاتحاد الدولي لكرة القدم", "FIFA", ["فيفا"], []),
    ("international-olympic-committee", "اللجنة الأولمبية الدولية", "International Olympic Committee", [], []),
]
