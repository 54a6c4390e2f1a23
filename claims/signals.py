"""What other apps may listen to without the claims app knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that changed a claim, with `before` (the row as it was) and
# `after` (as saved): the API tells its webhooks when a published verdict changes.
claim_changed = Signal()
