"""What ``govoa setup`` announces, for modules above ``org`` to act on (DESIGN §2)."""

from django.dispatch import Signal

# Sent by ``govoa setup`` after an agency was set up; ``sender`` is the Agency.
agency_set_up = Signal()
