"""CLDR's day and month names and number symbols for French, as Babel gives them.

Written by `python -m storage.locale.catalogue cldr`; tests/storage/test_wording_french.py
holds it equal to Babel. storage.wording reads it so a French command does not load
Babel and its locale data (about 50 ms).
"""

TABLES = {
    "fr_CA": {
        "days": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        "months": (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        "days_short": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
        "months_short": (
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juill.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ),
        "decimal": ",",
        "group": "\xa0",
        "percent": "\xa0%",
    },
    "fr_FR": {
        "days": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        "months": (
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        "days_short": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
        "months_short": (
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ),
        "decimal": ",",
        "group": "\u202f",
        "percent": "\xa0%",
    },
}
