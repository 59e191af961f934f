"""A Radicale CalDAV server on 127.0.0.1 for the sync tests: a free port, its own storage folder,
three users who may all read and write every calendar (so two coordinators share one).

It runs in a thread of the test process: starting costs about 50 ms, where a subprocess would
import Radicale again. Its storage folder is in memory (/dev/shm) where this machine has one,
unless TMPDIR names a folder (as `.ci/run` does for its server, to remove it with the rest):
every PUT makes and removes a folder and writes files, which on a disk cost a few ms of wall
time and a millisecond of CPU each (the sync tests, 8.0 s → 6.9 s CPU, 20 s → 13 s wall). `python -m tests.sync.radicale_server --serve` runs one in the
foreground for `.ci/run`, printing `URL=http://127.0.0.1:PORT/` once it answers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

USERS = {"coordinator": "secret-one", "designer": "secret-two", "student": "secret-three"}
STARTUP_LIMIT = 10.0  # seconds


def storage_root() -> str | None:
    """Where a new server's folder goes: /dev/shm unless TMPDIR says otherwise or there is
    none to write in; None for the usual temporary folder."""
    if os.environ.get("TMPDIR"):
        return None
    memory = "/dev/shm"
    return memory if os.path.isdir(memory) and os.access(memory, os.W_OK) else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RadicaleServer:
    """One Radicale server: `start()`, `stop()`, `restart()` on the same port and storage."""

    def __init__(self, folder: str | Path | None = None, port: int | None = None) -> None:
        self._own_folder = folder is None
        self.folder = Path(
            folder or tempfile.mkdtemp(prefix="calepin-radicale-", dir=storage_root())
        )
        self.port = port or free_port()
        self._shutdown: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _configuration(self):
        import radicale.config

        users = self.folder / "users"
        (self.folder / "collections" / "collection-root").mkdir(parents=True, exist_ok=True)
        users.write_text("".join(f"{name}:{word}\n" for name, word in USERS.items()))
        configuration = radicale.config.load()
        configuration.update(
            {
                "server": {"hosts": f"127.0.0.1:{self.port}", "delay_on_error": "0"},
                "auth": {
                    "type": "htpasswd",
                    "htpasswd_filename": str(users),
                    "htpasswd_encryption": "plain",
                    "delay": "0",
                },
                "rights": {"type": "authenticated"},
                "storage": {"filesystem_folder": str(self.folder / "collections")},
            },
            "calepin tests",
        )
        # No fsync: a test server's files need not survive a power cut, and every PUT would
        # otherwise wait for the disk.
        configuration.update(
            {"storage": {"_filesystem_fsync": "False"}}, "calepin tests", privileged=True
        )
        return configuration

    def start(self) -> RadicaleServer:
        if self.running:
            return self
        import radicale.server

        # Radicale logs each refused login and stale token; the tests cause them on purpose.
        logging.getLogger("radicale").setLevel(logging.ERROR)
        configuration = self._configuration()
        self._shutdown, shutdown_out = socket.socketpair()
        self._thread = threading.Thread(
            target=_serve, args=(radicale.server.serve, configuration, shutdown_out), daemon=True
        )
        self._thread.start()
        self._wait_until_answering()
        return self

    def stop(self) -> None:
        """Stop answering; the port is closed once the requests under way are done."""
        if self._shutdown is not None:
            self._shutdown.close()
            self._shutdown = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def restart(self) -> RadicaleServer:
        self.stop()
        return self.start()

    def close(self) -> None:
        """Stop and remove the storage folder (when this server made it)."""
        self.stop()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + STARTUP_LIMIT
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError("Radicale stopped while starting (is the port taken?)")
            try:
                urllib.request.urlopen(self.url + ".web/", timeout=1).close()
                return
            except urllib.error.HTTPError:
                return  # it answers, whatever it says
            except OSError:
                time.sleep(0.01)
        raise RuntimeError(f"Radicale did not answer on {self.url} within {STARTUP_LIMIT} s")

    def __enter__(self) -> RadicaleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(serve, configuration, shutdown_out: socket.socket) -> None:
    try:
        serve(configuration, shutdown_out)
    finally:
        with contextlib.suppress(OSError):
            shutdown_out.close()


def main(argv: list[str]) -> int:
    if argv != ["--serve"]:
        print("usage: python -m tests.sync.radicale_server --serve", file=sys.stderr)
        return 2
    with RadicaleServer() as server:
        print(f"URL={server.url}", flush=True)
        try:
            while server.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
