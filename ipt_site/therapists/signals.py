"""Signals other apps may listen to (the waiting list and the free calls, for two)."""

from django.dispatch import Signal

# Sent by services.set_availability when a therapist who could not take anyone new
# (waiting list open, not taking anyone) moves to a status that can (within 2 weeks,
# within 1 to 2 months). Sent after the change is committed, once per change, with
# sender=Therapist and therapist=<the Therapist>.
availability_opened = Signal()

# Sent by demo.load for each demo therapist it writes, inside its transaction, with
# sender=Therapist, therapist=<the Therapist> and item=<its entry in demo_therapists.yaml>,
# so an app that keeps its own demo data per therapist (the free calls' weekly times)
# reads its part of the entry without the directory knowing of it.
demo_therapist_loaded = Signal()
