"""Urgent help (on every page) and the services pages signpost."""

from .base import env

# --- Urgent help ----------------------------------------------------------------------
# Shown on every page. Another practice (or country) changes these here or through
# IPT_URGENT_HELP_* variables, never in templates.
URGENT_HELP = {
    "heading": env.str("IPT_URGENT_HELP_HEADING", default="If you need help now"),
    "intro": env.str(
        "IPT_URGENT_HELP_INTRO",
        default=(
            "This website and our enquiry form are not for emergencies. "
            "If you feel you might harm yourself or someone else, or you are not safe, "
            "please reach out now."
        ),
    ),
    "contacts": [
        {
            "label": "Emergency services",
            "number": env.str("IPT_URGENT_EMERGENCY_NUMBER", default="999"),
            "detail": "if your life or someone else's is in danger",
        },
        {
            "label": "NHS 111",
            "number": env.str("IPT_URGENT_NHS_NUMBER", default="111"),
            "detail": "choose the mental health option, any time of day or night",
        },
        {
            "label": "Samaritans",
            "number": env.str("IPT_URGENT_SAMARITANS_NUMBER", default="116 123"),
            "detail": "free, any time, to talk about anything that is troubling you",
        },
    ],
}

# --- Signposting ----------------------------------------------------------------------
# Services beyond crisis care, named on the pages where they may help. A page writes
# [[signpost_cruse]] and the site fills in the name, phone number and website from here,
# so a number is kept in one place. Change a number through IPT_SIGNPOST_<KEY>_NUMBER
# (for example IPT_SIGNPOST_CRUSE_NUMBER); an empty number shows the service without one.
# Numbers and details were last checked on 2026-12-03 (see docs/quality.md).
SIGNPOSTS = {
    "cruse": {
        "name": "Cruse Bereavement Support",
        "url": "https://www.cruse.org.uk/",
        "detail": "support for anyone grieving a death, by phone, online or in person. "
        "Scotland has its own sister charity, Cruse Scotland.",
        "number": env.str("IPT_SIGNPOST_CRUSE_NUMBER", default="0808 808 1677"),
        "number_note": "free",
    },
    "relate": {
        "name": "Relate",
        "url": "https://www.relate.org.uk/",
        "detail": "counselling for couples, families and single people, including help "
        "when a relationship ends. It has no general helpline: its website lists local "
        "centres and sessions by phone or video.",
        "number": env.str("IPT_SIGNPOST_RELATE_NUMBER", default=""),
        "number_note": "",
    },
    "domestic_abuse": {
        "name": "National Domestic Abuse Helpline",
        "url": "https://www.nationaldahelpline.org.uk/",
        "detail": "confidential advice and support about domestic abuse, including for "
        "friends and family who are worried. It is run by the charity Refuge.",
        "number": env.str("IPT_SIGNPOST_DOMESTIC_ABUSE_NUMBER", default="0808 2000 247"),
        "number_note": "free, day or night",
    },
    "mens_advice_line": {
        "name": "Men's Advice Line",
        "url": "https://mensadviceline.org.uk/",
        "detail": "confidential support for men who are being abused by a partner or "
        "family member. It is run by the charity Respect.",
        "number": env.str("IPT_SIGNPOST_MENS_ADVICE_LINE_NUMBER", default="0808 801 0327"),
        "number_note": "free",
    },
    "pandas": {
        "name": "PANDAS Foundation",
        "url": "https://pandasfoundation.org.uk/",
        "detail": "support for parents and carers who feel low or anxious in pregnancy "
        "or after a birth, including dads and partners.",
        "number": env.str("IPT_SIGNPOST_PANDAS_NUMBER", default="0808 1961 776"),
        "number_note": "free",
    },
    "silver_line": {
        "name": "The Silver Line",
        "url": "https://www.thesilverline.org.uk/",
        "detail": "a friendly voice for older people who feel lonely, with regular "
        "friendship calls if you would like them.",
        "number": env.str("IPT_SIGNPOST_SILVER_LINE_NUMBER", default="0800 4 70 80 90"),
        "number_note": "free, day or night",
    },
    "mind": {
        "name": "Mind",
        "url": "https://www.mind.org.uk/",
        "detail": "plain information about mental health and where to find help near "
        "you, from its Infoline and website.",
        "number": env.str("IPT_SIGNPOST_MIND_NUMBER", default="0300 123 3393"),
        "number_note": "",
    },
    "carers_uk": {
        "name": "Carers UK",
        "url": "https://www.carersuk.org/",
        "detail": "advice and a community for people who look after a family member or friend.",
        "number": env.str("IPT_SIGNPOST_CARERS_UK_NUMBER", default=""),
        "number_note": "",
    },
    "citizens_advice": {
        "name": "Citizens Advice",
        "url": "https://www.citizensadvice.org.uk/",
        "detail": "free advice on money, work, housing and the practical side of a separation.",
        "number": env.str("IPT_SIGNPOST_CITIZENS_ADVICE_NUMBER", default=""),
        "number_note": "",
    },
}
