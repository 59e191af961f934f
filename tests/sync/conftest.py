"""Fixtures of the sync tests: a real Radicale server on 127.0.0.1, and a calendar per test."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pytest

from exporters.sync.engine import SyncTarget
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
