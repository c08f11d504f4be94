"""The review status of a sent report, as ``submissions.status`` saves it, and its name.

A new version starts as submitted; the office accepts it or returns it for correction
(``bot.features.review``, through ``bot.forms.submissions``). The names are written here once,
for every screen and the spreadsheet.
"""

from __future__ import annotations

from enum import StrEnum

from bot.i18n import N_, _


class SubmissionStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting for review
    RETURNED = "returned"  # sent back by the office for changes
    ACCEPTED = "accepted"


STATUS_NAMES = {
    SubmissionStatus.SUBMITTED: N_("waiting for review"),
    SubmissionStatus.RETURNED: N_("returned for correction"),
    SubmissionStatus.ACCEPTED: N_("accepted"),
}
STATUS_ICONS = {SubmissionStatus.SUBMITTED: "🕓", SubmissionStatus.RETURNED: "↩",
                SubmissionStatus.ACCEPTED: "✅"}


def status_name(status: str) -> str:
    """The status in the reader's language; an unknown one as saved (it is not user text)."""
    try:
        return _(STATUS_NAMES[SubmissionStatus(status)])
    except ValueError:
        return status
