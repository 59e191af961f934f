"""Random sequences of adds, edits and deletions on two coordinators' files and straight on the
server (as a plain calendar app would), with syncs in between, converge: both files and the
calendar hold the same posts, nothing added is lost unless deleted, nothing is doubled."""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.sync import mapping
from exporters.sync.client import CalDAVClient
from storage import Store, draft_from_post
from tests.conftest import ZONE_NAME
from tests.sync.conftest import (
    add,
    calendar_path,
    password_of,
    sync,
    target_for,
)

SIDES = ("coordinator", "designer")
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(SIDES), st.just(0)),
        st.tuples(st.just("edit"), st.sampled_from(SIDES), st.integers(0, 5)),
        st.tuples(st.just("delete"), st.sampled_from(SIDES), st.integers(0, 5)),
        st.tuples(st.just("sync"), st.sampled_from(SIDES), st.just(0)),
        st.tuples(st.just("server edit"), st.just(""), st.integers(0, 5)),
        st.tuples(st.just("server delete"), st.just(""), st.integers(0, 5)),
    ),
    max_size=14,
)


def fingerprints(store: Store) -> dict[str, str]:
    return {
        uid: item.fingerprint
        for uid, item in mapping.local_fingerprints(store, share_notes=False).items()
    }


def posts(store: Store) -> list:
    return sorted((p for p in store.all_posts() if p.recurrence_of is None), key=lambda p: p.uid)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps)
def test_random_edits_on_two_files_and_the_server_converge(
    radicale: str, new_database: Path, script: list[tuple[str, str, int]]
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="calepin-converge-"))
    name = f"converge-{uuid.uuid4().hex[:8]}"
    coordinator = target_for(radicale, name)
    stores: dict[str, Store] = {}
    for side in SIDES:
        shutil.copy(new_database, folder / f"{side}.db")
        stores[side] = Store.open(folder / f"{side}.db", zone_name=ZONE_NAME)
    client = CalDAVClient(coordinator, password_of("coordinator"))
    try:
        sync(stores["coordinator"], coordinator)  # makes the shared calendar
        url = stores["coordinator"].sync_calendar_urls("posts")[0]
        targets = {
            "coordinator": coordinator,
            "designer": target_for(radicale, calendar_path(stores["coordinator"]), "designer"),
        }
        added: set[str] = set()
        deleted: set[str] = set()
        counter = 0
        conflicts = 0
        for action, side, pick in script:
            store = stores.get(side)
            if action == "add":
                counter += 1
                added.add(add(store, f"{side[0]}{counter}").uid)
            elif action in ("edit", "delete") and posts(store):
                post = posts(store)[pick % len(posts(store))]
                if action == "edit":
                    draft = replace(draft_from_post(post), title=post.title + "+")
                    store.update_post(post.id, draft)
                else:
                    deleted.add(post.uid)
                    store.delete_post(post.id)
            elif action == "sync":
                conflicts += len(sync(store, targets[side]).conflicts)
            elif action.startswith("server"):
                listing = sorted(client.etags(url).items())
                if not listing:
                    continue
                href, etag = listing[pick % len(listing)]
                if action == "server delete":
                    deleted.add(Path(href).stem)
                    client.delete(href, etag)
                else:
                    ((text, etag),) = client.fetch(url, [href]).values()
                    retitled = re.sub(r"(?m)^(SUMMARY:.*?)\r?$", r"\1*", text, count=1)
                    client.put(href, retitled, etag=etag)
        for _round in range(2):
            for side in SIDES:
                conflicts += len(sync(stores[side], targets[side]).conflicts)

        here, there = stores["coordinator"], stores["designer"]
        assert fingerprints(here) == fingerprints(there)
        on_server = {Path(href).stem for href in client.etags(url)}
        assert on_server == {href_stem(uid) for uid in fingerprints(here)}
        kept = {p.uid for p in posts(here)}
        assert added - deleted <= kept  # nothing lost
        assert len(kept) <= len(added) + conflicts  # nothing doubled
        for side in SIDES:
            quiet = sync(stores[side], targets[side])
            assert not quiet.changed_anything
    finally:
        client.close()
        for store in stores.values():
            store.close()
        shutil.rmtree(folder, ignore_errors=True)


def href_stem(uid: str) -> str:
    return re.sub(r"[^A-Za-z0-9@._-]", "_", uid)
