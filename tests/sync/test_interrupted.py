"""A sync cut short: the server stopped mid-run, an object changed between the listing and its
PUT (412), a 503, an answer lost after the server wrote, a timeout. Each run raises a clear
SyncError without the password, the next run resumes, and in the end both sides hold every post
exactly once."""

from __future__ import annotations

import http.client
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from exporters.sync import mapping
from exporters.sync.engine import SyncError, SyncProgress, SyncTarget
from storage import Store
from storage.i18n import _
from tests.sync.conftest import (
    add,
    calendar_name,
    edit,
    password_of,
    serve_in_thread,
    server_objects,
    shared_target,
    stop_serving,
    sync,
    target_for,
    titled,
)
from tests.sync.radicale_server import RadicaleServer

PASSWORD = password_of("coordinator")
HELD_FOR = 1.0  # seconds: the timeout of the run whose PUT answer the proxy holds
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "upgrade"}


class FaultyProxy:
    """An HTTP proxy in front of Radicale that passes every request through, except the one
    chosen by `fail_on`: answered 503 without reaching the server, or written on the server
    with its answer lost (the connection closed), or held unanswered until the test lets go."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.counts: Counter[str] = Counter()
        self.rule: tuple[str, int, str] | None = None
        self.released = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        serve_in_thread(self.server)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def fail_on(self, method: str, nth: int, how: str) -> None:
        """The `nth` `method` request from now on: how = '503', 'lost' or 'hang'."""
        self.counts.clear()
        self.rule = (method, nth, how)

    def passes(self) -> None:
        self.rule = None

    def close(self) -> None:
        self.released.set()
        stop_serving(self.server)

    def _fault(self, method: str) -> str | None:
        self.counts[method] += 1
        if self.rule and self.rule[0] == method and self.rule[1] == self.counts[method]:
            return self.rule[2]
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _pass_on(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                fault = proxy._fault(self.command)
                if fault == "503":
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream.request(self.command, self.path, body, headers)
                answer = upstream.getresponse()
                data = answer.read()
                upstream.close()
                if fault == "hang":
                    proxy.released.wait(30)
                if fault in ("lost", "hang"):
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(answer.status, answer.reason)
                for key, value in answer.getheaders():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = _pass_on
            do_MKCALENDAR = do_OPTIONS = do_HEAD = do_POST = do_PROPPATCH = _pass_on

        return Handler


@pytest.fixture
def proxy(private_radicale: RadicaleServer) -> Iterator[FaultyProxy]:
    faulty = FaultyProxy(private_radicale.port)
    yield faulty
    faulty.close()


@pytest.fixture
def calendar(request: pytest.FixtureRequest) -> str:
    return calendar_name(request)


def seven_posts(store: Store) -> list[str]:
    return [add(store, f"Post {n}").uid for n in range(7)]


def on_post(number: int, action: Callable[[], None]) -> Callable[[SyncProgress], None]:
    """A progress callback that runs `action` once, just before the run's `number`th post
    (counted from 0 in the run's order)."""
    fired = []

    def progress(step: SyncProgress) -> None:
        if step.step == _("posts") and step.done == number < step.total and not fired:
            fired.append(step)
            action()

    return progress


def assert_in_step(store: Store, target: SyncTarget) -> None:
    """Every post here is on the server exactly once with the same content, nothing more; a
    run now has nothing to do."""
    local = mapping.local_fingerprints(store, share_notes=False)
    texts = server_objects(target, store).values()
    remote = [mapping.read_resource(text, store, share_notes=False) for text in texts]
    uids = Counter(item.uid for item in remote)
    assert [uid for uid, count in uids.items() if count > 1] == []
    assert {item.uid: item.fingerprint for item in remote} == {
        uid: item.fingerprint for uid, item in local.items()
    }
    again = sync(store, target)
    assert not again.changed_anything and not again.skipped, again.lines()
    # a run that wrote keeps no ctag (the next lists the calendar whole): the one after is quiet
    assert sync(store, target).requests == 1


def assert_clear_error(error: pytest.ExceptionInfo[SyncError], *words: str) -> None:
    message = str(error.value)
    assert PASSWORD not in message
    assert all(PASSWORD not in line for line in error.value.report.lines())
    for word in words:
        assert word in message, message


def test_server_stopped_mid_first_sync_then_restarted(
    store: Store, private_radicale: RadicaleServer, calendar: str
) -> None:
    target = target_for(private_radicale.url, calendar)
    uids = seven_posts(store)

    with pytest.raises(SyncError) as error:
        sync(store, target, progress=on_post(3, private_radicale.stop))

    assert_clear_error(error, "could not reach", f"127.0.0.1:{private_radicale.port}")
    assert len(error.value.report.sent_added) == 3
    assert "the next sync goes on from there" in str(error.value)
    private_radicale.restart()
    resumed = sync(store, target)
    assert len(resumed.sent_added) == 4 and not resumed.conflicts
    assert sorted(mapping.local_fingerprints(store, share_notes=False)) == sorted(uids)
    assert_in_step(store, target)


@pytest.mark.parametrize("cut_before", ["Post 3, mine", "Post 4", "My new post", "first"])
def test_server_stopped_mid_two_way_sync_then_restarted(
    store: Store,
    other_store: Store,
    private_radicale: RadicaleServer,
    calendar: str,
    cut_before: str,
) -> None:
    """Sends, receives and deletions on both sides; the server stopped just before the run
    sends an edit, a deletion or a new post (or before its first post); after a restart the
    next run finishes the job."""
    target = target_for(private_radicale.url, calendar)
    seven_posts(store)
    sync(store, target)
    designer = shared_target(target, store)
    sync(other_store, designer)
    edit(other_store, "Post 1", title="Post 1, designer")
    other_store.delete_post(titled(other_store, "Post 2").id)
    theirs = add(other_store, "Designer's new post")
    sync(other_store, designer)
    edit(store, "Post 3", title="Post 3, mine")
    uids = {p.title: p.uid for p in store.all_posts()}
    store.delete_post(titled(store, "Post 4").id)
    uids["My new post"] = add(store, "My new post").uid
    order = sorted({*uids.values(), theirs.uid})
    at = 0 if cut_before == "first" else order.index(uids[cut_before])

    with pytest.raises(SyncError) as error:
        sync(store, target, progress=on_post(at, private_radicale.stop))

    assert_clear_error(error, "could not reach")
    private_radicale.restart()
    sync(store, target)
    expected = {"Post 0", "Post 1, designer", "Post 3, mine", "Post 5", "Post 6"}
    expected |= {"My new post", "Designer's new post"}
    assert {p.title for p in store.all_posts()} == expected
    assert_in_step(store, target)
    sync(other_store, designer)
    assert {p.title for p in other_store.all_posts()} == expected
    assert_in_step(other_store, designer)


def test_object_changed_on_the_server_between_listing_and_put(
    store: Store, private_radicale: RadicaleServer, calendar: str
) -> None:
    """The 412 of If-Match: the other app's edit is never overwritten; both are kept."""
    target = target_for(private_radicale.url, calendar)
    uids = seven_posts(store)
    sync(store, target)
    mine = edit(store, "Post 4", title="Post 4, mine")
    order = sorted(uids)

    def meanwhile() -> None:
        retitle_on_server(target, store, mine.uid, "[Instagram] Post 4, theirs")

    report = sync(store, target, progress=on_post(order.index(mine.uid), meanwhile))

    assert [c.uid for c in report.conflicts] == [mine.uid]
    titles = sorted(p.title for p in store.all_posts())
    assert titles.count("Post 4, mine") == 1 and titles.count("Post 4, theirs") == 1
    assert titled(store, "Post 4, mine").uid == mine.uid
    assert_in_step(store, target)


def retitle_on_server(target: SyncTarget, store: Store, uid: str, summary: str) -> None:
    """Another calendar app rewrites an event's SUMMARY (caldav, not Calepin)."""
    import caldav

    url = store.sync_calendar_urls("posts")[0]
    client = caldav.DAVClient(url=url, username="student", password=password_of("student"))
    event = client.calendar(url=url).get_event_by_uid(uid)
    event.icalendar_component["SUMMARY"] = summary
    event.save(no_create=True)


@pytest.mark.parametrize("nth", [1, 4])
def test_503_on_a_put_stops_the_run_and_the_next_one_finishes(
    store: Store, proxy: FaultyProxy, calendar: str, nth: int
) -> None:
    target = target_for(proxy.url, calendar)
    seven_posts(store)
    proxy.fail_on("PUT", nth, "503")

    with pytest.raises(SyncError) as error:
        sync(store, target)

    assert_clear_error(error, "failed (503)")
    assert len(error.value.report.sent_added) == nth - 1
    proxy.passes()
    assert len(sync(store, target).sent_added) == 7 - (nth - 1)
    assert_in_step(store, target)


@pytest.mark.parametrize("how", ["lost", "hang"])
def test_put_written_but_its_answer_lost_is_not_sent_twice(
    store: Store, proxy: FaultyProxy, calendar: str, how: str
) -> None:
    """The server wrote the object, the client never heard (connection closed, or no answer
    within the timeout): the next run finds it there with the same content and records it."""
    target = target_for(proxy.url, calendar)
    seven_posts(store)
    sync(store, target)
    edit(store, "Post 2", title="Post 2, edited")
    add(store, "Post 7")
    proxy.fail_on("PUT", 1, how)

    with pytest.raises(SyncError) as error:
        # The run waits this long for the held answer; only its one listing before the PUT
        # has to come within it too (the other runs keep the usual timeout).
        sync(store, replace(target, timeout=HELD_FOR))

    proxy.released.set()
    words = "did not answer in time" if how == "hang" else "could not reach"
    assert_clear_error(error, words)
    proxy.passes()
    again = sync(store, target)
    assert not again.conflicts
    assert len(again.sent_added) + len(again.sent_changed) == 1  # the other one, not sent yet
    assert_in_step(store, target)


def test_deleted_here_while_another_app_edits_it_between_listing_and_delete(
    store: Store, private_radicale: RadicaleServer, calendar: str
) -> None:
    """The 412 of a DELETE's If-Match: the other app's edit wins and comes back here."""
    target = target_for(private_radicale.url, calendar)
    uids = seven_posts(store)
    sync(store, target)
    gone = titled(store, "Post 5")
    store.delete_post(gone.id)

    def meanwhile() -> None:
        retitle_on_server(target, store, gone.uid, "[Instagram] Post 5, theirs")

    report = sync(store, target, progress=on_post(sorted(uids).index(gone.uid), meanwhile))

    assert report.got_added == ("Post 5, theirs",) and not report.sent_deleted
    assert titled(store, "Post 5, theirs").uid == gone.uid
    assert_in_step(store, target)


def test_503_on_a_delete_then_the_next_run_deletes_it(
    store: Store, proxy: FaultyProxy, calendar: str
) -> None:
    target = target_for(proxy.url, calendar)
    seven_posts(store)
    sync(store, target)
    for title in ("Post 1", "Post 2"):
        store.delete_post(titled(store, title).id)
    proxy.fail_on("DELETE", 2, "503")

    with pytest.raises(SyncError) as error:
        sync(store, target)

    assert_clear_error(error, "failed (503)")
    assert len(error.value.report.sent_deleted) == 1
    proxy.passes()
    assert len(sync(store, target).sent_deleted) == 1
    assert len(server_objects(target, store)) == 5
    assert_in_step(store, target)
