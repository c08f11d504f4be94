"""Reports already sent, as their senders see them: their own and their unit's lists, one report
with its files, a file, and whether the office's return lets them send it again."""

from __future__ import annotations

from bot.forms import listing, views
from bot.forms.actions import Verb
from bot.forms.files import FileStore
from bot.forms.repo import ReportRepo, Submission
from bot.forms.schema import ReportType, ReportTypeRegistry, Scope
from bot.forms.status import SubmissionStatus
from bot.i18n import _
from bot.models import Role, User
from bot.port import Reply


class SentReports:
    def __init__(self, repo: ReportRepo, types: ReportTypeRegistry, files: FileStore) -> None:
        self.repo, self.types, self.files = repo, types, files

    async def mine(self, user: User) -> Reply:
        subs = await self.repo.mine(user, listing.LIST_LIMIT)
        return listing.submission_list(
            self.types, subs, _("<b>Your reports</b>"),
            _("You have not sent any reports yet. Send /report to send one."))

    async def of_unit(self, user: User) -> Reply:
        if user.role is not Role.LEADER or user.unit is None:
            return Reply(_("Only unit leaders can see all of the unit's reports. /myreports "
                           "lists yours."))
        subs = await self.repo.of_unit(user, listing.LIST_LIMIT)
        return listing.submission_list(
            self.types, subs, _("<b>Reports of {unit}</b>").format(unit=views.esc(user.unit.name)),
            _("Your unit has not sent any reports yet."), with_sender=True)

    async def view(self, user: User, sub_id: int | None) -> list[Reply]:
        sub = await self.repo.visible(user, sub_id or 0)
        if sub is None:
            return [Reply(_("You cannot open this report."))]
        files = await self.repo.files(user, sub.id)
        mine = sub.user_id == user.id or user.role is not Role.LEADER
        return listing.full(self.types, sub, files, Verb.MINE if mine else Verb.UNIT,
                            can_revise=await self.can_revise(user, sub))

    async def can_revise(self, user: User, sub: Submission) -> bool:
        """The office returned it, it is the latest version, and the user may send it."""
        rt = self.types.get(sub.type_id)
        if sub.status is not SubmissionStatus.RETURNED or rt is None or not owns(user, rt, sub):
            return False
        latest = await self.repo.latest(sub.type_id, sub.period, sub.scope_key)
        return latest is not None and latest.id == sub.id

    async def file(self, user: User, file_id: int | None) -> list[Reply]:
        found = await self.repo.file(user, file_id or 0)
        if found is None:
            return [Reply(_("You cannot open this file."))]
        path = self.files.path(found.path)
        if path is None:
            return [Reply(_("This file is no longer available."))]
        return [Reply(views.esc(found.name), document=path, document_name=found.name)]


def owns(user: User, rt: ReportType, sub: Submission) -> bool:
    """Whether ``user`` may send the next version of ``sub``: the same unit (a unit's report)
    or the same person (their own report or entry), and a role that sends the type."""
    if not rt.allows(user) or sub.unit_id != user.unit_id or user.unit_id is None:
        return False
    if rt.scope is Scope.ENTRY:
        return sub.user_id == user.id
    return sub.scope_key == rt.scope_key(user.unit_id, user.id, 0)
