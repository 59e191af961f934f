"""Stand-ins for the system keyring in the sync tests, so no test reads or writes the real one.

`KeptInMemory` is for tests in this process (`keyring.set_keyring`); `KeptInFile` is for a
`calepin` run in a child process, named by `PYTHON_KEYRING_BACKEND` and keeping its
passwords in the JSON file named by `CALEPIN_TEST_KEYRING_FILE`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class KeptInMemory(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class Locked(KeyringBackend):
    """A keyring that refuses, quoting what it was given (as a careless backend might)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the login keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked(f"cannot keep {password!r}: the login keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the login keyring is locked")


class KeptInFile(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def file(self) -> Path:
        return Path(os.environ["CALEPIN_TEST_KEYRING_FILE"])

    def _read(self) -> dict[str, str]:
        try:
            return json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service} {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        kept = self._read()
        kept[f"{service} {username}"] = password
        self.file.write_text(json.dumps(kept), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        kept = self._read()
        if kept.pop(f"{service} {username}", None) is None:
            raise PasswordDeleteError(username)
        self.file.write_text(json.dumps(kept), encoding="utf-8")
