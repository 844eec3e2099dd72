"""'Today' for a build: the date pages reckon "overdue", "due soon" and "expiring" from."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH holds something that is not a number of seconds."""


def build_date(as_of: date | None = None) -> date:
    """`as_of` when given (`--as-of`), else the UTC date of SOURCE_DATE_EPOCH, else the clock.

    Fixing either gives the same bytes for the same repository (reproducible builds).
    """
    if as_of is not None:
        return as_of
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).date()
        except (ValueError, OverflowError, OSError):
            raise BuildDateError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since "
                                 "1970-01-01; unset it or use --as-of YYYY-MM-DD") from None
    return date.today()
