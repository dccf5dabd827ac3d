"""When a therapist can take people again, the visitors waiting are told (a task)."""

from django.dispatch import receiver

from ipt_site.therapists.models import Therapist
from ipt_site.therapists.signals import availability_opened

from . import services


@receiver(availability_opened, sender=Therapist, dispatch_uid="waitinglist.place_opened")
def tell_waiting_visitors(sender, therapist, **kwargs):
    services.place_opened(therapist)
