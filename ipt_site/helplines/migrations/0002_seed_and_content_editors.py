"""The help lines the site starts with, and the "Content editors" group's right to edit them.

Today's values from the old URGENT_HELP and SIGNPOSTS settings, plus the routes for all
four nations (issue 23). None is marked as checked: someone must check each against the
service's own website and set "details last checked" (`check --database default` lists
the rest). The facts to confirm before launch are listed in docs/quality.md.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = {"england": True, "scotland": True, "wales": True, "northern_ireland": True}
NONE = {"england": False, "scotland": False, "wales": False, "northern_ireland": False}
ENGLAND = {**NONE, "england": True}
SCOTLAND = {**NONE, "scotland": True}
WALES = {**NONE, "wales": True}
NORTHERN_IRELAND = {**NONE, "northern_ireland": True}
ANY_TIME = "any time"
SEE_WEBSITE = "see its website for opening times"

LINES = [
    # --- The urgent-help panel: emergency, urgent (one NHS line per nation), support ---
    dict(key="emergency", name="Emergency services", phone="999", grade="emergency",
         detail="if a life is in danger, or you have harmed yourself",
         cost="free", hours="any time", order=10, **ALL),
    dict(key="nhs_111", name="NHS 111", phone="111", grade="urgent",
         phone_how="choose the mental health option",
         detail="",
         website="https://111.nhs.uk/", cost="free", hours=ANY_TIME, order=20, **ENGLAND),
    dict(key="nhs_24", name="NHS 24", phone="111", grade="urgent",
         phone_how="choose the mental health option",
         detail="",
         website="https://www.nhs24.scot/", cost="free", hours=ANY_TIME, order=21,
         **SCOTLAND),
    dict(key="nhs_111_wales", name="NHS 111 Wales", phone="111", grade="urgent",
         phone_how="press 2 for mental health",
         detail="",
         website="https://111.wales.nhs.uk/", cost="free", hours=ANY_TIME, order=22, **WALES),
    dict(key="lifeline", name="Lifeline", phone="0808 808 8000", grade="urgent",
         detail="for crisis support from trained counsellors",
         website="https://www.lifelinehelpline.info/", cost="free", hours=ANY_TIME,
         order=23, **NORTHERN_IRELAND),
    dict(key="samaritans", name="Samaritans", phone="116 123", grade="support",
         detail="to talk about anything that is troubling you",
         website="https://www.samaritans.org/", cost="free", hours=ANY_TIME, order=30, **ALL),
    dict(key="shout", name="Shout", text_number="85258", text_message="SHOUT",
         grade="support", detail="for support by text, if talking feels too much",
         website="https://giveusashout.org/", cost="free", hours=ANY_TIME, order=31, **ALL),
    dict(key="childline", name="Childline", phone="0800 1111", grade="support",
         detail="for children and young people under 19, about anything at all",
         website="https://www.childline.org.uk/", cost="free", hours=ANY_TIME, order=32,
         **ALL),
    # --- Services pages signpost ([[signpost_<key>]]), not in the panel ---
    dict(key="silent_solution", name="The Silent Solution", phone="999",
         phone_how="then press 55 when asked, if you cannot speak",
         detail="how to reach the police from a mobile when speaking would put you in danger",
         website="https://www.policeconduct.gov.uk/", cost="free", hours="any time",
         order=40, **ALL),
    dict(key="domestic_abuse", name="National Domestic Abuse Helpline",
         phone="0808 2000 247",
         detail="confidential advice and support about domestic abuse, including for "
         "friends and family who are worried. It is run by the charity Refuge",
         website="https://www.nationaldahelpline.org.uk/", cost="free", hours=ANY_TIME,
         order=41, **ENGLAND),
    dict(key="domestic_abuse_scotland", name="Scotland's Domestic Abuse and Forced "
         "Marriage Helpline", phone="0800 027 1234",
         detail="confidential support for anyone affected by domestic abuse",
         website="https://sdafmh.org.uk/", cost="free", hours=ANY_TIME, order=42, **SCOTLAND),
    dict(key="live_fear_free", name="Live Fear Free", phone="0808 80 10 800",
         detail="the Welsh Government's helpline for anyone affected by domestic abuse",
         website="https://www.gov.wales/live-fear-free", cost="free", hours=ANY_TIME,
         order=43, **WALES),
    dict(key="domestic_abuse_ni", name="Domestic and Sexual Abuse Helpline",
         phone="0808 802 1414",
         detail="support for anyone affected by domestic or sexual abuse in Northern Ireland",
         website="https://dsahelpline.org/", cost="free", hours=ANY_TIME, order=44,
         **NORTHERN_IRELAND),
    dict(key="mens_advice_line", name="Men's Advice Line", phone="0808 801 0327",
         detail="confidential support for men who are being abused by a partner or family "
         "member. It is run by the charity Respect",
         website="https://mensadviceline.org.uk/", cost="free", hours=SEE_WEBSITE, order=45,
         **ALL),
    dict(key="cruse", name="Cruse Bereavement Support", phone="0808 808 1677",
         detail="support for anyone grieving a death, by phone, online or in person",
         website="https://www.cruse.org.uk/", cost="free", hours=SEE_WEBSITE, order=50,
         **{**ALL, "scotland": False}),
    dict(key="cruse_scotland", name="Cruse Scotland", phone="0808 802 6161",
         detail="bereavement support for anyone in Scotland",
         website="https://www.crusescotland.org.uk/", cost="free", hours=SEE_WEBSITE,
         order=51, **SCOTLAND),
    dict(key="relate", name="Relate",
         detail="counselling for couples, families and single people, including help when "
         "a relationship ends. It has no general helpline: its website lists local centres "
         "and sessions by phone or video",
         website="https://www.relate.org.uk/", order=52, **{**ALL, "scotland": False}),
    dict(key="relationships_scotland", name="Relationships Scotland",
         detail="counselling for couples and families, and help when parents separate",
         website="https://www.relationships-scotland.org.uk/", order=53, **SCOTLAND),
    dict(key="pandas", name="PANDAS Foundation", phone="0808 1961 776",
         detail="support for parents and carers who feel low or anxious in pregnancy or "
         "after a birth, including dads and partners",
         website="https://pandasfoundation.org.uk/", cost="free", hours=SEE_WEBSITE,
         order=54, **ALL),
    dict(key="app", name="Action on Postpartum Psychosis",
         detail="information and peer support from people who have been through "
         "postpartum psychosis, and for their families",
         website="https://www.app-network.org/", order=55, **ALL),
    dict(key="silver_line", name="The Silver Line", phone="0800 4 70 80 90",
         detail="a friendly voice for older people who feel lonely, with regular friendship "
         "calls if you would like them", website="https://www.thesilverline.org.uk/",
         cost="free", hours=ANY_TIME, order=56, **ALL),
    dict(key="mind", name="Mind", phone="0300 123 3393",
         detail="plain information about mental health and where to find help near you, "
         "from its Infoline and website", website="https://www.mind.org.uk/",
         cost="the cost of a local call", hours="9am to 6pm, Monday to Friday", order=57,
         **{**NONE, "england": True, "wales": True}),
    dict(key="carers_uk", name="Carers UK",
         detail="advice and a community for people who look after a family member or friend",
         website="https://www.carersuk.org/", order=58, **ALL),
    dict(key="citizens_advice", name="Citizens Advice",
         detail="free advice on money, work, housing and the practical side of a separation",
         website="https://www.citizensadvice.org.uk/", order=59,
         **{**NONE, "england": True, "wales": True}),
    dict(key="citizens_advice_scotland", name="Citizens Advice Scotland",
         detail="free advice on money, work, housing and your rights",
         website="https://www.cas.org.uk/", order=60, **SCOTLAND),
    dict(key="advice_ni", name="Advice NI",
         detail="free advice on money, benefits, debt and your rights",
         website="https://www.adviceni.net/", order=61, **NORTHERN_IRELAND),
]  # fmt: skip

PERMISSIONS = ["add", "change", "delete", "view"]


def seed(apps, schema_editor):
    Helpline = apps.get_model("helplines", "Helpline")
    for line in LINES:
        Helpline.objects.update_or_create(key=line["key"], defaults=line)


def unseed(apps, schema_editor):
    apps.get_model("helplines", "Helpline").objects.filter(
        key__in=[line["key"] for line in LINES]
    ).delete()


def allow_content_editors(apps, schema_editor):
    app_config = apps.get_app_config("helplines")
    app_config.models_module = True  # create_permissions skips apps without models
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="helplines",
            codename__in=[f"{action}_helpline" for action in PERMISSIONS],
        )
    )


def disallow_content_editors(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="helplines"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("helplines", "0001_initial"),
        ("editor", "0002_content_editors_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(allow_content_editors, disallow_content_editors),
    ]
