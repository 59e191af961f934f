"""Fixtures of the sync tests: a real Radicale server on 127.0.0.1, and a calendar per test."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socketserver
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from exporters.sync.client import CalDAVClient
from exporters.sync.engine import SyncReport, SyncTarget, run_sync
from storage import Store, draft_from_post
from storage.models import Post, PostDraft
from tests.conftest import NOW, ZONE_NAME
from tests.sync.radicale_server import USERS, RadicaleServer

# `.ci/run` starts one server for the whole run and says where it is.
URL_FROM_CI = "CALEPIN_TEST_RADICALE_URL"


@pytest.fixture(scope="session")
def radicale() -> Iterator[str]:
    """The URL of a Radicale server shared by this worker's tests (each on its own calendar)."""
    url = os.environ.get(URL_FROM_CI)
    if url:
        yield url if url.endswith("/") else url + "/"
        return
    with RadicaleServer() as server:
        yield server.url


@pytest.fixture
def private_radicale() -> Iterator[RadicaleServer]:
    """A server of this test's own, for stopping and restarting it."""
    with RadicaleServer() as server:
        yield server


# socketserver's loop looks for a shutdown request every poll_interval, half a second unless
# told: each test server stopped at teardown kept its test waiting for up to that long.
POLL_INTERVAL = 0.02  # seconds


def serve_in_thread(server: socketserver.BaseServer) -> None:
    """Serve `server`'s requests in a thread of this process until `stop_serving`."""
    loop = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, daemon=True
    )
    loop.start()


def stop_serving(server: socketserver.BaseServer) -> None:
    server.shutdown()
    server.server_close()


def calendar_name(request: pytest.FixtureRequest) -> str:
    """A calendar name no other test uses, readable in the server's folder."""
    words = re.sub(r"[^A-Za-z0-9]+", "-", request.node.name).strip("-")[:40]
    return f"{words}-{uuid.uuid4().hex[:8]}"


def target_for(url: str, calendar: str, user: str = "coordinator", **options: object) -> SyncTarget:
    return SyncTarget(url=url, username=user, posts_calendar=calendar, timeout=10.0, **options)


def password_of(user: str) -> str:
    return USERS[user]


@pytest.fixture
def sync_target(radicale: str, request: pytest.FixtureRequest) -> SyncTarget:
    """The coordinator on a posts calendar of this test's own (password: `password_of`)."""
    return target_for(radicale, calendar_name(request))


@pytest.fixture
def other_store(tmp_path: Path, new_database: Path) -> Iterator[Store]:
    """A second person's database (the designer's), empty."""
    path = tmp_path / "designer.db"
    shutil.copy(new_database, path)
    with Store.open(path, zone_name=ZONE_NAME) as opened:
        yield opened


def calendar_path(store: Store) -> str:
    """The path of the posts calendar `store` synced with, for a second person to name."""
    return urlsplit(store.sync_calendar_urls("posts")[0]).path


def shared_target(first: SyncTarget, store: Store, user: str = "designer") -> SyncTarget:
    """Another user on the posts calendar `store` synced with."""
    return replace(first, username=user, posts_calendar=calendar_path(store))


def server_objects(target: SyncTarget, store: Store) -> dict[str, str]:
    """Every object of the posts calendar `store` synced with: href → iCalendar text."""
    client = CalDAVClient(target, password_of(target.username))
    try:
        url = store.sync_calendar_urls("posts")[0]
        hrefs = sorted(client.etags(url))
        return {href: text for href, (text, _etag) in client.fetch(url, hrefs).items()}
    finally:
        client.close()


def put_object(target: SyncTarget, calendar_url: str, name: str, text: str) -> None:
    """Write an object as another calendar app would (no Calepin properties needed)."""
    client = CalDAVClient(target, password_of(target.username))
    try:
        client.put(urlsplit(calendar_url).path + name, text, etag=None)
    finally:
        client.close()


# -- posts and runs, as the scenarios write them

DEC_1 = dt.date(2026, 12, 1)


def sync(store: Store, target: SyncTarget, **options: object) -> SyncReport:
    return run_sync(store, target, password_of(target.username), now=NOW, **options)


def add(store: Store, title: str, platform: str = "Instagram", **fields: object) -> Post:
    fields.setdefault("date", DEC_1)
    fields.setdefault("status", "scheduled")
    return store.add_post(PostDraft(title, platform, **fields))


def titled(store: Store, title: str) -> Post:
    (post,) = [p for p in store.all_posts() if p.title == title and p.recurrence_of is None]
    return post


def edit(store: Store, which: str, **changes: object) -> Post:
    post = titled(store, which)
    return store.update_post(post.id, replace(draft_from_post(post), **changes))


def titles(store: Store) -> list[str]:
    return sorted(p.title for p in store.all_posts() if p.recurrence_of is None)
