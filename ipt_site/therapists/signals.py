"""Signals other apps may listen to (the waiting list, for one)."""

from django.dispatch import Signal

# Sent by services.set_availability when a therapist who could not take anyone new
# (waiting list open, not taking anyone) moves to a status that can (within 2 weeks,
# within 1 to 2 months). Sent after the change is committed, once per change, with
# sender=Therapist and therapist=<the Therapist>.
availability_opened = Signal()
