"""One sync run: the design's decision table, UID by UID, between the posts here (L), the
version both sides last agreed on (S, `sync_items`) and the calendar's object (R).

Every server write is followed at once by its own small transaction recording S, so a run
cut by the network resumes next time; the calendar's sync token and ctag, and the local
token, are saved only at the end of a complete run.

It stays whole: the decision table and the actions it calls read together, row by row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from exporters.sync import mapping
from exporters.sync.client import (
    CalDAVClient,
    InvalidToken,
    PreconditionFailed,
    RemoteCalendar,
    href_for,
)
from exporters.sync.event_reading import file_name
from exporters.sync.meetings import pull_meetings
from exporters.sync.model import (
    SyncConflict,
    SyncError,
    SyncProgress,
    SyncReport,
    SyncTarget,
)
from storage.errors import CalepinError
from storage.i18n import _

if TYPE_CHECKING:
    from storage.store import Store
    from storage.store.sync_state import SyncItem, SyncSkipped

POSTS, MEETINGS = "posts", "meetings"


def stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Remote:
    """A calendar object as fetched: where it is, its version, its text and what it says."""

    href: str
    etag: str | None
    text: str
    item: mapping.RemoteItem

    @property
    def uid(self) -> str:
        return self.item.uid

    @property
    def fingerprint(self) -> str:
        return self.item.fingerprint

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def changed_by(self) -> str | None:
        return self.item.changed_by

    @property
    def sequence(self) -> int:
        return self.item.sequence


def local_token(local: dict[str, mapping.LocalItem], share_notes: bool) -> str:
    """One value for everything a sync would send: equal tokens, nothing to send.

    `Store.change_token` cannot serve here: SQLite's data_version and change counts only
    compare within one connection, and each `calepin sync` opens its own.
    """
    digest = hashlib.sha256(b"notes" if share_notes else b"")
    for uid in sorted(local):
        digest.update(f"{uid}\0{local[uid].fingerprint}\n".encode())
    return digest.hexdigest()


@dataclass
class _Tally:
    """What the run did so far, by titles."""

    sent_added: list[str] = field(default_factory=list)
    sent_changed: list[str] = field(default_factory=list)
    sent_deleted: list[str] = field(default_factory=list)
    got_added: list[str] = field(default_factory=list)
    got_changed: list[str] = field(default_factory=list)
    got_deleted: list[str] = field(default_factory=list)
    conflicts: list[SyncConflict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    meetings: str | None = None

    def report(self, *, dry_run: bool, requests: int) -> SyncReport:
        return SyncReport(
            sent_added=tuple(self.sent_added),
            sent_changed=tuple(self.sent_changed),
            sent_deleted=tuple(self.sent_deleted),
            got_added=tuple(self.got_added),
            got_changed=tuple(self.got_changed),
            got_deleted=tuple(self.got_deleted),
            conflicts=tuple(self.conflicts),
            skipped=tuple(self.skipped),
            meetings=self.meetings,
            dry_run=dry_run,
            requests=requests,
        )


class SyncRun:
    """One `run_sync` call (see `exporters.sync.engine.run_sync`)."""

    def __init__(
        self,
        store: Store,
        target: SyncTarget,
        password: str,
        *,
        now: dt.datetime,
        dry_run: bool,
        ask: bool,
        progress: Callable[[SyncProgress], None] | None,
    ) -> None:
        self.store = store
        self.target = target
        # The password goes straight to the connection: no attribute of the run holds it.
        self.client = CalDAVClient(target, password)
        self.now = now
        self.dry_run = dry_run
        self.ask = ask
        self.progress = progress
        self.tally = _Tally()
        self._homes: dict[str, list[RemoteCalendar]] = {}
        # calendar URL → href → ETag, when finding the calendar listed it in the same request
        self._listed: dict[str, dict[str, str | None]] = {}
        self.local: dict[str, mapping.LocalItem] = {}
        self.wrote = False  # anything PUT or DELETEd on the server this run
        self.unreadable: dict[str, str] = {}  # href → UID of objects that cannot be posts
        # href → (ETag, UID) of the objects left as not posts this run, remembered for the next
        self.left: dict[str, tuple[str, str | None]] = {}

    # -- the run

    def run(self) -> SyncReport:
        try:
            self._step(_("connecting"), 0, 1)
            posts = self._locate(self.target.posts_calendar, POSTS)
            self._sync_posts(posts)
            if self.target.meetings_calendar:
                meetings = self._locate(self.target.meetings_calendar, MEETINGS)
                if meetings is None:
                    raise SyncError(
                        _("no calendar named {name} on {server} for the meetings").format(
                            name=self.target.meetings_calendar, server=self.client.server
                        )
                    )
                self.tally.meetings, skipped = pull_meetings(
                    self.store, self.client, meetings, now=self.now, dry_run=self.dry_run
                )
                self.tally.skipped.extend(skipped)
        except SyncError as exc:
            done = self.tally.report(dry_run=self.dry_run, requests=self.client.requests)
            if done.changed_anything:
                exc = SyncError(
                    _(
                        "{reason} (done before it stopped: {done}; the next sync goes on from there)"
                    ).format(reason=exc, done="; ".join(done.lines()))
                )
            exc.report = done
            raise exc from None
        finally:
            self.client.close()
        return self.tally.report(dry_run=self.dry_run, requests=self.client.requests)

    def _step(self, text: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(SyncProgress(text, done, total))

    # -- finding the calendars with as few requests as possible

    def _locate(self, wanted: str, role: str) -> RemoteCalendar | None:
        """The calendar `wanted` names (display name, path or URL); the posts calendar is
        made when missing (not on a dry run: then None)."""
        client = self.client
        if "/" in wanted:
            url = urljoin(client.server, wanted if wanted.endswith("/") else wanted + "/")
            found = client.calendar(url)
            if found is None:
                raise SyncError(
                    _("no calendar at {path} on {server}").format(path=wanted, server=client.server)
                )
            return found
        if role == POSTS:
            found = self._listed_again(wanted)
            if found is not None:
                return found
        # The home of a calendar synced before holds it: one request instead of three.
        for home in self._known_homes(role):
            try:
                found = self._by_name(home, wanted)
            except SyncError:
                found = None  # moved or gone: found again from the principal below
            if found is not None:
                return found
        home = client.calendar_home()
        found = self._by_name(home, wanted)
        if found is not None or role != POSTS:
            return found
        if self.dry_run:
            return None
        url = client.make_calendar(home, wanted)
        return client.calendar(url) or RemoteCalendar(url, wanted, None, None)

    def _listed_again(self, wanted: str) -> RemoteCalendar | None:
        """After a run that wrote, no ctag was kept: the calendar is listed whole anyway, so
        it is asked for at its URL with the listing (one request) rather than found through
        its home first (two, and the home's answer costs the server a ctag per calendar)."""
        urls = self.store.sync_calendar_urls(POSTS)
        if not urls or not urls[0].startswith(self.client.server):
            return None
        state = self.store.sync_calendar(urls[0])  # the latest: a name changed since is rare
        if state is None or state.ctag is not None:
            return None  # the ctag short-cut (one small request) is still to be tried
        try:
            got = self.client.calendar_and_etags(urls[0])
        except SyncError:
            return None  # found again from the principal, or the error said there
        if got is None:
            if not self.dry_run:
                # Gone from the server: its record would send every later run there first.
                self.store.forget_sync_calendar(urls[0])
            return None
        if not _names(got[0], wanted):
            return None
        calendar, listing = got
        self._listed[calendar.url] = listing
        return calendar

    def _known_homes(self, role: str) -> list[str]:
        server = self.client.server
        homes = []
        for url in self.store.sync_calendar_urls(role):
            if url.startswith(server):
                home = urljoin(url, "..")
                if home not in homes:
                    homes.append(home)
        return homes

    def _by_name(self, home: str, wanted: str) -> RemoteCalendar | None:
        if home not in self._homes:
            self._homes[home] = self.client.calendars(home)
        for calendar in self._homes[home]:
            if _names(calendar, wanted):
                return calendar
        return None

    # -- posts

    def _sync_posts(self, calendar: RemoteCalendar | None) -> None:
        store, share = self.store, self.target.share_notes
        local = mapping.local_fingerprints(store, share_notes=share)
        self.local = local
        if calendar is None:  # dry run, calendar not made yet: everything would go
            self.tally.sent_added.extend(item.title for item in local.values())
            return
        state = store.sync_calendar(calendar.url)
        token = local_token(local, share)
        if (
            state is not None
            and calendar.ctag is not None
            and state.ctag == calendar.ctag
            and state.local_token == token
        ):
            return  # nothing changed on either side since the last complete run
        agreed = store.sync_items(calendar.url)
        left_before = store.sync_skipped(calendar.url)
        remote = self._remote_index(calendar, state, agreed, left_before)
        waiting = {c.uid for c in store.sync_conflicts(calendar.url)}
        by_href = {item.href: uid for uid, item in agreed.items()}
        # An object left as not a post and unchanged since is not fetched again, nor reported
        # again: the run that found it said so, and every run after would only repeat it.
        for href, before in left_before.items():
            if remote.get(href) == before.etag:
                self.left[href] = (before.etag, before.uid)
                if before.uid:
                    self.unreadable[href] = before.uid
        unknown = [href for href in remote if href not in by_href and href not in self.left]
        fetched = self._fetch(calendar.url, unknown) if unknown else {}
        remote_uid: dict[str, tuple[str, str | None]] = {}  # uid → (href, etag)
        for href, etag in remote.items():
            uid = by_href.get(href)
            if uid is None:
                parsed = fetched.get(href)
                # One we cannot read still holds its UID there: never taken for deleted.
                uid = parsed.uid if parsed is not None else self.unreadable.get(href)
                if uid is None:
                    continue
            remote_uid[uid] = (href, etag)
        # The objects that changed there, fetched in a few requests rather than one each.
        wanted = [
            remote_uid[uid][0]
            for uid in remote_uid
            if uid not in waiting
            and remote_uid[uid][0] not in fetched
            and remote_uid[uid][0] not in self.unreadable
            and (uid not in agreed or agreed[uid].etag != remote_uid[uid][1])
        ]
        if wanted:
            fetched.update(self._fetch(calendar.url, wanted))
        uids = sorted(set(local) | set(agreed) | set(remote_uid))
        for done, uid in enumerate(uids):
            self._step(_("posts"), done, len(uids))
            if uid in waiting:
                continue
            seen = remote_uid.get(uid)
            theirs = fetched.get(seen[0]) if seen else None
            mine = local[uid].fingerprint if uid in local else None
            self._decide(calendar.url, uid, mine, agreed.get(uid), seen, theirs)
        self._step(_("posts"), len(uids), len(uids))
        if not self.dry_run:
            store.save_sync_skipped(calendar.url, self.left)
            tally = self.tally
            changed_here = tally.got_added or tally.got_changed or tally.got_deleted
            if changed_here or tally.conflicts:
                token = local_token(mapping.local_fingerprints(store, share_notes=share), share)
            store.save_sync_calendar(
                calendar.url,
                POSTS,
                # After our own writes the token from the start may never mention an object
                # we made and someone deleted since (RFC 6578 lets a server leave out what
                # came and went), and a ctag made from the contents (Radicale's) comes back
                # to its old value: the next run lists the calendar whole instead.
                sync_token=None if self.wrote else calendar.sync_token,
                ctag=None if self.wrote else calendar.ctag,
                local_token=token,
                synced_at=stamp(self.now),
            )

    def _remote_index(
        self,
        calendar: RemoteCalendar,
        state: Any,
        agreed: dict[str, SyncItem],
        left: dict[str, SyncSkipped],
    ) -> dict[str, str | None]:
        """href → ETag of every object in the calendar."""
        client = self.client
        if calendar.url in self._listed:
            return self._listed.pop(calendar.url)
        if state is not None and state.sync_token and calendar.sync_token:
            try:
                changes = client.changes_since(calendar.url, state.sync_token)
            except InvalidToken:
                pass
            else:
                index: dict[str, str | None] = {h: item.etag for h, item in left.items()}
                index.update((item.href, item.etag) for item in agreed.values())
                for href in changes.deleted:
                    index.pop(href, None)
                index.update(changes.changed)
                return index
        return client.etags(calendar.url)

    def _fetch(self, calendar_url: str, hrefs: list[str]) -> dict[str, Remote]:
        """The objects at `hrefs`, read; one another client made without a platform is
        reported and left alone."""
        return self._fetch_read(self.client.fetch(calendar_url, hrefs))

    def _fetch_read(self, texts: dict[str, tuple[str, str | None]]) -> dict[str, Remote]:
        read: dict[str, Remote] = {}
        for href, (text, etag) in texts.items():
            try:
                item = mapping.read_resource(text, self.store, share_notes=self.target.share_notes)
            except CalepinError as exc:
                reason = str(exc)
                item = None
            else:
                reason = item.reason
            if item is None or not item.postable:
                if item is not None and item.uid:
                    self.unreadable[href] = item.uid
                if etag is not None:
                    self.left[href] = (etag, item.uid if item is not None and item.uid else None)
                name = item.title if item is not None and item.title else file_name(href)
                self.tally.skipped.append(
                    _("{title}: left in the calendar ({reason})").format(title=name, reason=reason)
                )
                continue
            read[href] = Remote(href, etag, text, item)
        return read

    def _decide(
        self,
        calendar_url: str,
        uid: str,
        mine: str | None,
        agreed: SyncItem | None,
        seen: tuple[str, str | None] | None,
        theirs: Remote | None,
        *,
        again: bool = False,
    ) -> None:
        """One row of the design's table for one UID."""
        try:
            self._decide_once(calendar_url, uid, mine, agreed, seen, theirs)
        except PreconditionFailed:
            # The object changed on the server since we looked: look again, once.
            if again:
                self.tally.skipped.append(
                    _("{title}: changed on the server during the sync; next time").format(
                        title=self._local_title(uid)
                    )
                )
                return
            href = seen[0] if seen else (agreed.href if agreed else href_for(calendar_url, uid))
            found = self.client.fetch(calendar_url, [href])
            # Gone is not the same as unreadable: an object another app made unreadable
            # since is left alone (seen, not read), never taken for a deletion.
            seen = (href, found[href][1]) if href in found else None
            resource = self._fetch_read(found).get(href)
            self._decide(calendar_url, uid, mine, agreed, seen, resource, again=True)

    def _decide_once(
        self,
        calendar_url: str,
        uid: str,
        mine: str | None,
        agreed: SyncItem | None,
        seen: tuple[str, str | None] | None,
        theirs: Remote | None,
    ) -> None:
        if seen is not None and theirs is None and (agreed is None or agreed.etag != seen[1]):
            # Changed there into something that is not a post: reported and left alone.
            if mine is not None and (agreed is None or mine != agreed.fingerprint):
                self._send_beside(calendar_url, uid, agreed)
            return
        if agreed is None:
            if seen is None:
                if mine is not None:
                    self._send(calendar_url, uid, None, None, new=True)
                return
            assert theirs is not None
            if mine is None:
                self._take(calendar_url, uid, theirs, added=True)
            elif mine == theirs.fingerprint:
                self._agree(calendar_url, uid, theirs)
            else:
                self._conflict(calendar_url, uid, theirs)
            return
        remote_same = seen is not None and seen[1] == agreed.etag
        if mine is None:
            if seen is None:
                self._forget(calendar_url, uid)
            elif remote_same:
                self._delete_remote(calendar_url, uid, agreed)
            else:
                assert theirs is not None
                # Deleted here, edited there: the edit wins, nothing is lost.
                self._take(calendar_url, uid, theirs, added=True)
            return
        if seen is None:
            if mine == agreed.fingerprint:
                self._delete_local(calendar_url, uid)
            else:
                # Edited here, deleted there: the edit goes back.
                self._send(calendar_url, uid, agreed, None, new=True)
            return
        if remote_same:
            if mine != agreed.fingerprint:
                self._send(calendar_url, uid, agreed, seen[0], new=False)
            return
        assert theirs is not None
        if theirs.fingerprint == mine:
            self._agree(calendar_url, uid, theirs)
        elif mine == agreed.fingerprint:
            if theirs.fingerprint == agreed.fingerprint:
                self._agree(calendar_url, uid, theirs)
            else:
                self._take(calendar_url, uid, theirs, added=False)
        else:
            self._conflict(calendar_url, uid, theirs)

    # -- the actions, each followed by its own record

    def _send(
        self,
        calendar_url: str,
        uid: str,
        agreed: SyncItem | None,
        href: str | None,
        *,
        new: bool,
        etag: str | None = None,
    ) -> None:
        title = self._local_title(uid)
        sent = self.tally.sent_added if new and agreed is None else self.tally.sent_changed
        if self.dry_run:
            sent.append(title)
            return
        mine = self.local[uid]
        sequence = max(mine.sequence, agreed.sequence + 1 if agreed else 0)
        text = mapping.render_resource(
            self.store,
            uid,
            sequence=sequence,
            changed_by=self.target.changed_by,
            share_notes=self.target.share_notes,
            now=self.now,
        )
        href = href or (agreed.href if agreed else href_for(calendar_url, uid))
        self.wrote = True
        new_etag = self.client.put(href, text, etag=None if new else (etag or agreed.etag))
        self.store.save_sync_item(
            calendar_url,
            uid,
            href=href,
            etag=new_etag,
            sequence=sequence,
            fingerprint=mine.fingerprint,
            changed_by=self.target.changed_by,
            changed_at=stamp(self.now),
        )
        sent.append(title)  # once the server has it: a cut run reports only what went

    def _take(self, calendar_url: str, uid: str, theirs: Remote, *, added: bool) -> None:
        (self.tally.got_added if added else self.tally.got_changed).append(theirs.title)
        if self.dry_run:
            return
        try:
            mapping.apply_remote(self.store, theirs.item)
        except CalepinError as exc:
            self.tally.skipped.append(
                _("{title}: not taken from the calendar ({reason})").format(
                    title=theirs.title, reason=exc
                )
            )
            (self.tally.got_added if added else self.tally.got_changed).remove(theirs.title)
            return
        self._agree(calendar_url, uid, theirs)

    def _agree(self, calendar_url: str, uid: str, theirs: Remote) -> None:
        if self.dry_run:
            return
        self.store.save_sync_item(
            calendar_url,
            uid,
            href=theirs.href,
            etag=theirs.etag,
            sequence=theirs.sequence,
            fingerprint=theirs.fingerprint,
            changed_by=theirs.changed_by,
            changed_at=stamp(self.now),
        )

    def _forget(self, calendar_url: str, uid: str) -> None:
        if not self.dry_run:
            self.store.drop_sync_item(calendar_url, uid)

    def _delete_remote(self, calendar_url: str, uid: str, agreed: SyncItem) -> None:
        title = self._deleted_title(uid)
        if self.dry_run:
            self.tally.sent_deleted.append(title)
            return
        self.wrote = True
        self.client.delete(agreed.href, agreed.etag)
        self.store.drop_sync_item(calendar_url, uid)
        self.tally.sent_deleted.append(title)

    def _delete_local(self, calendar_url: str, uid: str) -> None:
        self.tally.got_deleted.append(self._local_title(uid))
        if self.dry_run:
            return
        mapping.delete_local(self.store, uid)
        self.store.drop_sync_item(calendar_url, uid)

    def _conflict(self, calendar_url: str, uid: str, theirs: Remote) -> None:
        title = self._local_title(uid)
        self.tally.conflicts.append(SyncConflict(uid, title, theirs.changed_by, not self.ask))
        if self.dry_run:
            return
        if self.ask:
            self.store.save_sync_conflict(
                calendar_url,
                uid,
                remote_text=theirs.text,
                remote_etag=theirs.etag,
                remote_href=theirs.href,
                remote_changed_by=theirs.changed_by,
                found_at=stamp(self.now),
            )
            return
        # Keep both: theirs becomes a new post here, mine goes over theirs under the UID.
        copy = mapping.apply_remote(self.store, theirs.item, new_uid=new_uid())
        self.local = mapping.local_fingerprints(self.store, share_notes=self.target.share_notes)
        agreed_theirs = _as_agreed(calendar_url, uid, theirs)
        self._send(calendar_url, uid, agreed_theirs, theirs.href, new=False, etag=theirs.etag)
        self.tally.sent_changed.pop()
        self._send(calendar_url, copy.uid, None, None, new=True)
        self.tally.sent_added.pop()

    def _send_beside(self, calendar_url: str, uid: str, agreed: SyncItem | None) -> None:
        """Edited here while another app made the calendar's object unreadable as a post:
        both are kept. Theirs stays on the server untouched (someone's work we cannot read,
        so cannot keep here, is not ours to overwrite); ours takes a new UID here and goes
        up as a new event. Without this the edit never left: a "skipped" line each run."""
        title = self._local_title(uid)
        fresh = new_uid()
        self.tally.conflicts.append(SyncConflict(fresh, title, None, kept_both=True))
        if self.dry_run:
            return
        self.store.reissue_synced_post(uid, fresh)
        if agreed is not None:
            self.store.drop_sync_item(calendar_url, uid)
        self.local[fresh] = replace(self.local.pop(uid), uid=fresh)
        self._send(calendar_url, fresh, None, None, new=True)
        self.tally.sent_added.pop()  # said by the conflict's line

    # -- titles for the report

    def _local_title(self, uid: str) -> str:
        mine = self.local.get(uid)
        return mine.title if mine is not None else uid

    def _deleted_title(self, uid: str) -> str:
        return self.store.deleted_title(uid) or uid


def _names(calendar: RemoteCalendar, wanted: str) -> bool:
    """Whether `wanted` ([sync] posts_calendar) is this calendar's display name or the last
    segment of its path."""
    folded = wanted.casefold()
    segment = urlsplit(calendar.url).path.rstrip("/").rsplit("/", 1)[-1]
    return calendar.name.casefold() == folded or segment.casefold() == folded


def new_uid() -> str:
    return f"{uuid.uuid4()}@calepin"


def _as_agreed(calendar_url: str, uid: str, theirs: Remote) -> SyncItem:
    from storage.store.sync_state import SyncItem

    return SyncItem(
        calendar_url,
        uid,
        theirs.href,
        theirs.etag,
        theirs.sequence,
        theirs.fingerprint,
        theirs.changed_by,
        None,
    )
