"""What a record id can be."""

from __future__ import annotations

# Ids are positive 64-bit integers on SQLite and PostgreSQL alike: a number out of that range
# names no record, and the database would refuse it with an error rather than an empty answer.
MAX_ID = 2**63 - 1
