"""What a sync is given and what it tells: the target, progress, conflicts, the report and its
lines (the same for the CLI and the TUI), and `SyncError`."""

from __future__ import annotations

from dataclasses import dataclass

from storage.errors import CalepinError
from storage.i18n import _, ngettext


class SyncError(CalepinError):
    """A sync that could not run or was cut; the message never holds the password.

    `report`: what a run cut midway had done (its writes are recorded; the next run
    resumes), or None.
    """

    report: SyncReport | None = None


@dataclass(frozen=True)
class SyncTarget:
    """Where and as whom to sync, built from the `[sync]` settings by the CLI or the TUI."""

    url: str
    username: str
    posts_calendar: str = "Calepin"
    meetings_calendar: str | None = None
    verify_tls: bool = True
    share_notes: bool = False
    display_name: str | None = None
    timeout: float = 30.0

    @property
    def changed_by(self) -> str:
        """Who this side's versions are sent as (X-CALEPIN-CHANGED-BY)."""
        return self.display_name or self.username


@dataclass(frozen=True)
class SyncProgress:
    """How far a run is: `step` a short translated text, `done` of `total` items."""

    step: str
    done: int
    total: int


@dataclass(frozen=True)
class SyncConflict:
    """One post changed on both sides: kept both (CLI) or waiting for the person's choice."""

    uid: str
    title: str
    theirs_by: str | None
    kept_both: bool


@dataclass(frozen=True)
class SyncReport:
    """What a run did (or, on a dry run, would do), by titles of posts."""

    sent_added: tuple[str, ...] = ()
    sent_changed: tuple[str, ...] = ()
    sent_deleted: tuple[str, ...] = ()
    got_added: tuple[str, ...] = ()
    got_changed: tuple[str, ...] = ()
    got_deleted: tuple[str, ...] = ()
    conflicts: tuple[SyncConflict, ...] = ()
    skipped: tuple[str, ...] = ()
    meetings: str | None = None
    dry_run: bool = False
    requests: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.sent_added
            or self.sent_changed
            or self.sent_deleted
            or self.got_added
            or self.got_changed
            or self.got_deleted
            or self.conflicts
        )

    def lines(self) -> list[str]:
        """The run in a few translated lines, the same for the CLI and the TUI."""
        return _report_lines(self)


def _titles(titles: tuple[str, ...], limit: int = 3) -> str:
    from storage.wording import quoted

    shown = ", ".join(quoted(t) for t in titles[:limit])
    rest = len(titles) - limit
    if rest > 0:
        shown += " " + ngettext("and {count} more", "and {count} more", rest).format(count=rest)
    return shown


def _report_lines(report: SyncReport) -> list[str]:
    lines: list[str] = []
    groups = (
        (report.sent_added, ngettext("sent {count} new post: {titles}", "sent {count} new posts: {titles}", len(report.sent_added))),
        (report.sent_changed, ngettext("sent {count} change: {titles}", "sent {count} changes: {titles}", len(report.sent_changed))),
        (report.sent_deleted, ngettext("deleted {count} post from the calendar: {titles}", "deleted {count} posts from the calendar: {titles}", len(report.sent_deleted))),
        (report.got_added, ngettext("received {count} new post: {titles}", "received {count} new posts: {titles}", len(report.got_added))),
        (report.got_changed, ngettext("received {count} change: {titles}", "received {count} changes: {titles}", len(report.got_changed))),
        (report.got_deleted, ngettext("deleted {count} post here, as in the calendar: {titles}", "deleted {count} posts here, as in the calendar: {titles}", len(report.got_deleted))),
    )  # fmt: skip
    for titles, text in groups:
        if titles:
            lines.append(text.format(count=len(titles), titles=_titles(titles)))
    for conflict in report.conflicts:
        who = conflict.theirs_by or _("someone else")
        if conflict.kept_both:
            text = _("changed on both sides, kept both: {title} (theirs by {who})")
        else:
            text = _("changed on both sides, waiting for your choice: {title} (theirs by {who})")
        lines.append(text.format(title=_titles((conflict.title,)), who=who))
    lines.extend(_("skipped: {reason}").format(reason=reason) for reason in report.skipped)
    if report.meetings:
        lines.append(report.meetings)
    if not report.changed_anything and not report.skipped:
        lines.append(_("already in step: nothing to send or receive"))
    if report.dry_run:
        lines.insert(0, _("dry run: nothing was written on either side"))
    return lines
