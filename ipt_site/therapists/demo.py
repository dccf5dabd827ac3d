"""Clearly fictional demo therapists and abstract placeholder photos (never faces).

Every name is invented; registration numbers start with DEMO; emails use example.org.
"""

import io
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from .models import AgeGroup, Language, ProblemArea, SessionFormat, Specialism, Therapist

# Brand colours (BRAND.md) and two soft companions.
PALETTE = {
    "teal": (31, 111, 106),
    "surface": (238, 245, 243),
    "terracotta": (169, 71, 47),
    "sand": (233, 216, 191),
    "sage": (155, 191, 181),
    "cream": (251, 248, 243),
}
DEMO_NOTE = "This is a demonstration profile. The therapist is invented and does not exist."

THERAPISTS = [
    {
        "slug": "marnie-ashcombe",
        "name": "Dr Marnie Ashcombe",
        "pronouns": "she/her",
        "title": "Clinical psychologist",
        "qualifications": "DClinPsy, PGCert IPT",
        "registration_body": "HCPC",
        "ipt_level": "supervisor",
        "introduction": (
            "I help adults and older adults through grief and big life changes, "
            "at a pace that feels manageable."
        ),
        "biography": (
            "I have worked in NHS and private practice for fifteen years. Much of my work "
            "is with people whose low mood began after a loss or a change they did not "
            "choose.\n\nIn our first sessions we map the people around you and agree a "
            "focus together. I also supervise other IPT therapists."
        ),
        "areas": ["grief", "role-transitions"],
        "other": ["depression", "bereavement"],
        "ages": ["adults", "older-adults"],
        "formats": ["in-person", "online"],
        "languages": ["english"],
        "location": "Leeds",
        "photo": ("teal", "sand"),
        "order": 10,
    },
    {
        "slug": "tobias-wrenfield",
        "name": "Tobias Wrenfield",
        "pronouns": "he/him",
        "title": "Counsellor",
        "qualifications": "MSc Counselling, IPT practitioner certificate",
        "registration_body": "BACP",
        "ipt_level": "practitioner",
        "introduction": (
            "Online sessions for adults stuck in the same arguments, or who feel "
            "cut off from the people around them."
        ),
        "biography": (
            "I work online only, with adults anywhere in the UK. Many of the people I see "
            "feel caught in conflict at home or at work.\n\nTogether we look at what you "
            "want from a relationship and try new ways of asking for it."
        ),
        "areas": ["role-disputes", "interpersonal-deficits"],
        "other": ["anxiety", "relationship-difficulties"],
        "ages": ["adults"],
        "formats": ["online"],
        "languages": ["english"],
        "location": "Bristol",
        "online_anywhere": True,
        "order": 20,
    },
    {
        "slug": "priyanka-devlally",
        "name": "Priyanka Devlally",
        "pronouns": "she/her",
        "title": "Mental health nurse and IPT therapist",
        "qualifications": "RMN, BSc (Hons)",
        "registration_body": "NMC",
        "ipt_level": "practitioner",
        "introduction": (
            "Support for new parents and anyone whose life has changed shape: "
            "in person in Leicester or online."
        ),
        "biography": (
            "I trained as a nurse and have worked in perinatal mental health for ten "
            "years.\n\nI offer sessions in English, Gujarati and Punjabi."
        ),
        "areas": ["grief", "role-transitions"],
        "other": ["postpartum-depression", "depression"],
        "ages": ["adults"],
        "formats": ["in-person", "online"],
        "languages": ["english", "gujarati", "punjabi"],
        "location": "Leicester",
        "photo": ("sage", "terracotta"),
        "order": 30,
    },
    {
        "slug": "owain-pryddech",
        "name": "Dr Owain Pryddech",
        "pronouns": "he/him",
        "title": "Counselling psychologist",
        "qualifications": "DCounsPsy",
        "registration_body": "HCPC",
        "ipt_level": "ipt-a",
        "introduction": (
            "Young people and adults, in Welsh or English, facing a move, a new role "
            "or feeling alone."
        ),
        "biography": (
            "I work with teenagers from 12 and with adults.\n\nSessions are in Cardiff "
            "or online, in Welsh or English."
        ),
        "areas": ["role-transitions", "interpersonal-deficits"],
        "other": ["depression", "loneliness"],
        "ages": ["adolescents", "adults"],
        "formats": ["in-person", "online"],
        "languages": ["welsh", "english"],
        "location": "Cardiff",
        "accepting": False,
        "photo": ("teal", "sage"),
        "order": 40,
    },
    {
        "slug": "agnieszka-borowiczka",
        "name": "Agnieszka Borowiczka",
        "pronouns": "she/her",
        "title": "Psychotherapist",
        "qualifications": "MA Psychotherapy",
        "registration_body": "UKCP",
        "ipt_level": "practitioner",
        "introduction": "IPT online in Polish or English, for adults coping with loss or conflict.",
        "biography": "I came to the UK in 2009 and have worked as a therapist since 2014.",
        "areas": ["grief", "role-disputes"],
        "other": ["depression", "anxiety"],
        "ages": ["adults"],
        "formats": ["online"],
        "languages": ["polish", "english"],
        "location": "Manchester",
        "online_anywhere": True,
        "order": 50,
    },
    {
        "slug": "sam-okoro-hartley",
        "name": "Sam Okoro-Hartley",
        "pronouns": "they/them",
        "title": "Child and adolescent psychotherapist",
        "qualifications": "MSc, IPT-A certificate",
        "registration_body": "BACP",
        "ipt_level": "ipt-a",
        "introduction": (
            "IPT for teenagers who are low, lonely or clashing with the people close to them."
        ),
        "biography": (
            "I see young people aged 12 to 17 in Hackney. Parents or carers join some "
            "sessions, when the young person agrees."
        ),
        "areas": ["interpersonal-deficits", "role-disputes"],
        "other": ["depression", "loneliness"],
        "ages": ["adolescents"],
        "formats": ["in-person"],
        "languages": ["english"],
        "location": "London (Hackney)",
        "photo": ("terracotta", "sand"),
        "order": 60,
    },
    {
        "slug": "fenella-marchbanks",
        "name": "Fenella Marchbanks",
        "pronouns": "she/her",
        "title": "Clinical psychologist",
        "qualifications": "DClinPsy",
        "registration_body": "HCPC",
        "ipt_level": "practitioner",
        "introduction": "Gentle, unhurried IPT for older adults after a bereavement or retirement.",
        "biography": "I have specialised in work with older adults for most of my career.",
        "areas": ["grief", "role-transitions"],
        "other": ["bereavement", "depression"],
        "ages": ["older-adults"],
        "formats": ["in-person"],
        "languages": ["english"],
        "location": "Edinburgh",
        "accepting": False,
        "photo": ("sage", "sand"),
        "order": 70,
    },
    {
        "slug": "rashid-qureshan",
        "name": "Rashid Qureshan",
        "pronouns": "he/him",
        "title": "Mental health nurse",
        "qualifications": "RMN, PGDip IPT",
        "registration_body": "NMC",
        "ipt_level": "practitioner",
        "introduction": (
            "Sessions in Urdu, Punjabi or English for adults under strain at home or work."
        ),
        "biography": "I work in Bradford and online.",
        "areas": ["role-transitions", "role-disputes"],
        "other": ["depression", "work-stress"],
        "ages": ["adults"],
        "formats": ["in-person", "online"],
        "languages": ["urdu", "punjabi", "english"],
        "location": "Bradford",
        "order": 80,
    },
    {
        "slug": "liesl-harrowgate",
        "name": "Liesl Harrowgate",
        "pronouns": "she/her",
        "title": "Counsellor",
        "qualifications": "FdSc Counselling",
        "registration_body": "NCPS",
        "ipt_level": "other",
        "ipt_level_other": "IPT foundation training, completing practitioner supervision",
        "introduction": (
            "Online IPT for adults after a frightening experience or a loss, wherever you live."
        ),
        "biography": "Before training as a counsellor I worked for a hospice for eight years.",
        "areas": ["grief", "interpersonal-deficits"],
        "other": ["ptsd", "anxiety"],
        "ages": ["adults"],
        "formats": ["online"],
        "languages": ["english"],
        "location": "Norwich",
        "online_anywhere": True,
        "photo": ("teal", "terracotta"),
        "order": 90,
    },
    {
        "slug": "ines-valcarcel-moss",
        "name": "Dr Inés Valcárcel-Moss",
        "pronouns": "she/her",
        "title": "Consultant psychiatrist",
        "qualifications": "MBBS, MRCPsych",
        "registration_body": "GMC",
        "ipt_level": "practitioner",
        "introduction": (
            "IPT alongside medical care for adults with bipolar disorder or recurrent depression."
        ),
        "biography": "I combine IPT with a careful look at sleep and daily rhythm.",
        "areas": ["role-disputes", "role-transitions"],
        "other": ["bipolar-disorder", "depression"],
        "ages": ["adults", "older-adults"],
        "formats": ["in-person"],
        "languages": ["spanish", "english"],
        "location": "London (Islington)",
        "photo": ("sand", "teal"),
        "order": 100,
    },
    {
        "slug": "corin-tremayne",
        "name": "Corin Tremayne",
        "pronouns": "he/him",
        "title": "Psychotherapist",
        "qualifications": "MA, PGDip",
        "registration_body": "UKCP",
        "ipt_level": "practitioner",
        "introduction": (
            "In person in Truro or online, for young people and adults "
            "with low mood or eating difficulties."
        ),
        "biography": "I grew up in Cornwall and came back to practise here.",
        "areas": ["role-transitions", "interpersonal-deficits"],
        "other": ["eating-disorders", "depression"],
        "ages": ["adolescents", "adults"],
        "formats": ["in-person", "online"],
        "languages": ["english"],
        "location": "Truro",
        "order": 110,
    },
    {
        "slug": "hattie-blakeworth",
        "name": "Hattie Blakeworth",
        "pronouns": "she/her",
        "title": "Counselling psychologist",
        "qualifications": "DCounsPsy",
        "registration_body": "HCPC",
        "ipt_level": "in-training",
        "introduction": "A draft profile, not yet published.",
        "biography": "",
        "areas": ["grief"],
        "other": ["depression"],
        "ages": ["adults"],
        "formats": ["online"],
        "languages": ["english"],
        "location": "York",
        "published": False,
        "order": 120,
    },
]


def placeholder_photo(seed, colours, size=600):
    """Soft overlapping shapes in brand colours: an abstract placeholder, never a face."""
    rng = random.Random(seed)  # noqa: S311 - shapes, not secrets
    first, second = PALETTE[colours[0]], PALETTE[colours[1]]
    image = Image.new("RGB", (size, size), PALETTE["sand"])
    draw = ImageDraw.Draw(image)
    for y in range(size):  # a gentle vertical wash
        t = y / size
        row = tuple(int(PALETTE["sand"][i] * (1 - t) + PALETTE["sage"][i] * t) for i in range(3))
        draw.line([(0, y), (size, y)], fill=row)
    for index in range(6):
        colour = first if index % 2 == 0 else second
        radius = rng.randint(size // 6, size // 3)
        x, y = rng.randint(0, size), rng.randint(0, size)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(size // 24))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{seed}.png")


def _by_slug(model, slugs):
    found = list(model.objects.filter(slug__in=slugs))
    missing = set(slugs) - {item.slug for item in found}
    if missing:
        raise ValueError(f"Unknown {model._meta.verbose_name} slugs: {sorted(missing)}")
    return found


@transaction.atomic
def load():
    """Create or update every demo therapist. Returns (created, updated)."""
    created_count = updated_count = 0
    for number, data in enumerate(THERAPISTS, start=1):
        defaults = {
            "name": data["name"],
            "pronouns": data.get("pronouns", ""),
            "title": data["title"],
            "qualifications": data.get("qualifications", ""),
            "registration_body": data.get("registration_body", ""),
            "registration_number": f"DEMO-{number:04d}",
            "ipt_level": data.get("ipt_level", ""),
            "ipt_level_other": data.get("ipt_level_other", ""),
            "introduction": data["introduction"],
            "biography": "\n\n".join(filter(None, [data.get("biography", ""), DEMO_NOTE])),
            "location": data["location"],
            "online_anywhere": data.get("online_anywhere", False),
            "accepting_new_clients": data.get("accepting", True),
            "email": f"{data['slug']}@example.org",
            "published": data.get("published", True),
            "display_order": data["order"],
        }
        therapist, created = Therapist.objects.update_or_create(
            slug=data["slug"], defaults=defaults
        )
        if created:
            # Dates are set once, so running the command again changes nothing visible.
            today = timezone.localdate()
            therapist.registration_verified_on = today
            therapist.ipt_verified_on = today
            therapist.accepting_confirmed_on = today
        colours = data.get("photo")
        if colours and (
            not therapist.photo or not therapist.photo.storage.exists(therapist.photo.name)
        ):
            therapist.photo = placeholder_photo(data["slug"], colours)
            therapist.photo_alt = "Placeholder image: soft abstract shapes (demo profile)"
        therapist.save()
        therapist.problem_areas.set(_by_slug(ProblemArea, data["areas"]))
        therapist.other_areas.set(_by_slug(Specialism, data["other"]))
        therapist.age_groups.set(_by_slug(AgeGroup, data["ages"]))
        therapist.formats.set(_by_slug(SessionFormat, data["formats"]))
        therapist.languages.set(_by_slug(Language, data["languages"]))
        created_count += created
        updated_count += not created
    return created_count, updated_count
