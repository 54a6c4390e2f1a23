"""What other apps may listen to without the claims app knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that recorded a Publication (a claim's new revision), with
# `publication` and `previous` (the revision it replaced, or None): the API tells its webhooks.
publication_made = Signal()
