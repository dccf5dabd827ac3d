"""Clearly fictional demo therapists and abstract placeholder photos (never faces).

The therapists are in management/commands/demo_therapists.yaml. Every name is invented;
registration numbers start with DEMO; emails use example.org.
"""

import io
import random
from datetime import timedelta
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from .models import (
    ACCESS_FEATURES,
    AVAILABILITY_SLUGS,
    AgeGroup,
    Insurer,
    Language,
    ProblemArea,
    SessionFormat,
    Specialism,
    Therapist,
)
from .signals import demo_therapist_loaded

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
DATA_FILE = Path(__file__).parent / "management" / "commands" / "demo_therapists.yaml"
STATUSES = {slug: status for status, slug in AVAILABILITY_SLUGS.items()}


def therapists_data(path=DATA_FILE):
    """The demo therapists as plain dicts, from the YAML file beside the command."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["therapists"]


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


def _fees(fee):
    """(lowest, highest) from a fee (60) or a range ([50, 80])."""
    if fee is None:
        return None, None
    if isinstance(fee, list):
        return fee[0], fee[1]
    return fee, None


@transaction.atomic
def load(data=None):
    """Create or update every demo therapist. Returns (created, updated)."""
    created_count = updated_count = 0
    for number, item in enumerate(data or therapists_data(), start=1):
        fee_min, fee_max = _fees(item.get("fee"))
        access = set(item.get("access", []))
        unknown = access - set(ACCESS_FEATURES)
        if unknown:
            raise ValueError(f"Unknown access features: {sorted(unknown)}")
        defaults = {
            "name": item["name"],
            "pronouns": item.get("pronouns", ""),
            "title": item["title"],
            "qualifications": item.get("qualifications", ""),
            "registration_body": item.get("registration_body", ""),
            "registration_number": f"DEMO-{number:04d}",
            "ipt_level": item.get("ipt_level", ""),
            "ipt_level_other": item.get("ipt_level_other", ""),
            "introduction": item["introduction"],
            "biography": "\n\n".join(filter(None, [item.get("biography", ""), DEMO_NOTE])),
            "location": item["location"],
            "online_anywhere": item.get("online_anywhere", False),
            "availability": STATUSES[item.get("availability", "2-months")],
            "fee_min": fee_min,
            "fee_max": fee_max,
            "concessions": bool(item.get("concessions")),
            "concessions_note": item.get("concessions") or "",
            "intro_call": bool(item.get("intro_call")),
            "intro_call_minutes": item.get("intro_call") or 15,
            **{field: key in access for key, (field, _) in ACCESS_FEATURES.items()},
            "email": f"{item['slug']}@example.org",
            "published": item.get("published", True),
            "display_order": item["order"],
        }
        therapist, created = Therapist.objects.update_or_create(
            slug=item["slug"], defaults=defaults
        )
        if created:
            # Dates are set once, so running the command again changes nothing visible.
            today = timezone.localdate()
            therapist.registration_verified_on = today
            therapist.ipt_verified_on = today
            therapist.accepting_confirmed_on = today - timedelta(
                days=item.get("confirmed_days_ago", 0)
            )
        colours = item.get("photo")
        if colours and (
            not therapist.photo or not therapist.photo.storage.exists(therapist.photo.name)
        ):
            therapist.photo = placeholder_photo(item["slug"], colours)
            therapist.photo_alt = "Placeholder image: soft abstract shapes (demo profile)"
        therapist.full_clean(exclude=["photo", "slug"])
        therapist.save()
        therapist.problem_areas.set(_by_slug(ProblemArea, item["areas"]))
        therapist.other_areas.set(_by_slug(Specialism, item["other"]))
        therapist.age_groups.set(_by_slug(AgeGroup, item["ages"]))
        therapist.formats.set(_by_slug(SessionFormat, item["formats"]))
        therapist.languages.set(_by_slug(Language, item["languages"]))
        therapist.insurers.set(_by_slug(Insurer, item.get("insurers", [])))
        demo_therapist_loaded.send(sender=Therapist, therapist=therapist, item=item)
        created_count += created
        updated_count += not created
    return created_count, updated_count
