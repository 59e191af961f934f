"""Who signs in where: the sync target from the `[sync]` settings, and its password.

The password comes from CALEPIN_SYNC_PASSWORD or the system keyring, never from a file of
ours: it is not in the settings, the database, the output or an error message. `keyring`
loads only when a password is looked up or stored (importing it takes about 75 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, TypeVar

from exporters.sync.engine import SyncError, SyncTarget
from storage.i18n import _

if TYPE_CHECKING:
    from storage.settings import Settings

PASSWORD_VARIABLE = "CALEPIN_SYNC_PASSWORD"
KEYRING_SERVICE = "calepin"
T = TypeVar("T")


def sync_target(settings: Settings) -> SyncTarget:
    """The server, account and calendars of `settings`' [sync], as the engine takes them.

    Raises:
        SyncError: the settings have no [sync]; the message says what to put in the file.
    """
    sync = settings.sync
    if sync is None:
        where = settings.path if settings.path is not None else _("the settings file")
        raise SyncError(
            _(
                "no server to sync with: add to {path}\n"
                "  [sync]\n"
                '  url = "https://cloud.example.org/remote.php/dav"\n'
                '  username = "ana"\n'
                "then run `calepin sync --set-password` (the README's “Sync with a shared "
                "calendar” says more)"
            ).format(path=where)
        )
    return SyncTarget(
        url=sync.url,
        username=sync.username,
        posts_calendar=sync.posts_calendar,
        meetings_calendar=sync.meetings_calendar,
        verify_tls=sync.verify_tls,
        share_notes=sync.share_notes,
        display_name=sync.display_name,
    )


def keyring_account(target: SyncTarget) -> str:
    """The name the password is kept under in the keyring: one per account and server."""
    return f"{target.username}@{target.url}"


def sync_password(target: SyncTarget, environ: Mapping[str, str]) -> str:
    """`target`'s password: CALEPIN_SYNC_PASSWORD when set, else the system keyring's.

    Raises:
        SyncError: no keyring here, or none holds this account's password; the message says
            how to give one (`calepin sync --set-password` or CALEPIN_SYNC_PASSWORD).
    """
    given = environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    found = _keyring_call(
        lambda keyring: keyring.get_password(KEYRING_SERVICE, keyring_account(target))
    )
    if not found:
        raise SyncError(
            _(
                "no password for {user} at {url}: run `calepin sync --set-password` to keep "
                "it in the system keyring, or set {variable}"
            ).format(user=target.username, url=target.url, variable=PASSWORD_VARIABLE)
        )
    return found


def password_forms(username: str, password: str) -> tuple[str, ...]:
    """The ways a library may quote a password: as is, URL-quoted (in an address), and
    inside a Basic authorization header (base64 of user:password, with or without padding)."""
    if not password:
        return ()
    import base64
    from urllib.parse import quote

    basic = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    forms = {password, quote(password), quote(password, safe=""), basic, basic.rstrip("=")}
    return tuple(sorted(forms, key=len, reverse=True))


def without_password(text: str, username: str, password: str) -> str:
    """`text` with the password blotted out in each of its `password_forms`."""
    for form in password_forms(username, password):
        text = text.replace(form, "…")
    return text


def quotes_password(exc: BaseException, username: str, password: str) -> bool:
    """Whether `exc`, or an exception it was raised from or during, quotes the password:
    a traceback would show them all."""
    forms = password_forms(username, password)
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts = (str(current), repr(current))
        if any(form in text for form in forms for text in texts):
            return True
        current = current.__cause__ or current.__context__
    return False


def store_password(target: SyncTarget, password: str) -> None:
    """Keep `password` in the system keyring for `target`'s account and server.

    Raises:
        SyncError: an empty password, or no keyring here to keep it in.
    """
    if not password:
        raise SyncError(_("no password given: nothing stored"))
    _keyring_call(
        lambda keyring: keyring.set_password(KEYRING_SERVICE, keyring_account(target), password),
        secret=password,
    )


def _keyring_call(call: Callable[[ModuleType], T], secret: str | None = None) -> T:
    """`call(keyring)`, its failures turned into a SyncError saying what to do instead."""
    no_keyring = _(
        "no system keyring here to keep the password in: set {variable} for each run, or "
        "install a keyring (GNOME Keyring, KWallet, macOS Keychain, Windows Credential Locker)"
    ).format(variable=PASSWORD_VARIABLE)
    try:
        import keyring
        from keyring.errors import NoKeyringError
    except ImportError:
        raise SyncError(no_keyring) from None
    try:
        return call(keyring)
    except NoKeyringError:
        raise SyncError(no_keyring) from None
    except Exception as exc:  # a locked keyring, a D-Bus without a secret service …
        reason = str(exc) or type(exc).__name__
        if secret:
            reason = reason.replace(secret, "…")
        raise SyncError(
            _("the system keyring failed ({reason}): unlock it, or set {variable}").format(
                reason=reason, variable=PASSWORD_VARIABLE
            )
        ) from None


def keyring_usable() -> bool:
    """Whether a system keyring can keep the password here: keyring falls back on a backend
    that refuses everything when it finds none (a server, a container, CI)."""
    try:
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a keyring that cannot even be looked up keeps nothing either
        return False
