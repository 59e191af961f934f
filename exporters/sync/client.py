"""The CalDAV requests a sync makes, over the `caldav` library's client (its HTTP session,
login and response parsing), each one counted and each failure turned into a `SyncError`
whose message never carries the password.

The requests are written out here rather than through caldav's objects so that a run makes
exactly the ones it needs: a sync with nothing to do asks the server one question.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from storage.i18n import _
from storage.settings.sync_section import url_problem

if TYPE_CHECKING:
    from exporters.sync.model import SyncTarget

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"
MULTIGET_CHUNK = 100  # objects per calendar-multiget REPORT

_PROPFIND_CALENDARS = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
    "<d:prop><d:displayname/><d:resourcetype/><cs:getctag/><d:sync-token/></d:prop>"
    "</d:propfind>"
)
_PROPFIND_ETAGS = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>'
)
# The calendar's own name and ctag with every object's ETag: the check and the listing in one
# request. Not its sync token (Radicale takes as long for it as for a third of the listing),
# nor resourcetype (an href ending in / is a collection, not an event).
_PROPFIND_CALENDAR_AND_ETAGS = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
    "<d:prop><d:getetag/><cs:getctag/><d:displayname/></d:prop></d:propfind>"
)


class PreconditionFailed(Exception):
    """412: the object changed on the server since the ETag we hold."""


@dataclass(frozen=True)
class RemoteCalendar:
    url: str
    name: str
    ctag: str | None
    sync_token: str | None


@dataclass(frozen=True)
class Changes:
    """What a sync-collection REPORT says changed since a token."""

    changed: dict[str, str | None]  # href → ETag
    deleted: frozenset[str]
    token: str | None


def server_of(url: str) -> str:
    """scheme://host[:port]/ of a URL, without any user or password in it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, "/", "", ""))


def check_url(url: str) -> str:
    """The server URL as requests go to it (the path ends in /, no query), refused by the
    settings' own rule (`url_problem`) with the same words."""
    from exporters.sync.model import SyncError

    problem = url_problem(url)
    if problem is not None:
        raise SyncError("[sync] " + problem)
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class CalDAVClient:
    """One sync's connection: `requests` counts what was asked of the server."""

    def __init__(self, target: SyncTarget, password: str) -> None:
        from caldav.davclient import DAVClient

        self.url = check_url(target.url)
        self.server = server_of(self.url)
        self.requests = 0
        if not target.verify_tls:
            import warnings

            # Asked for in [sync] (verify_tls = false, a server one trusts): not a Python
            # warning on the terminal at each run.
            warnings.filterwarnings("ignore", message="Unverified HTTPS request")
        # Basic sent from the first request: otherwise every run costs a 401 round trip.
        self._client = DAVClient(
            url=self.url,
            username=target.username,
            password=password,
            ssl_verify_cert=target.verify_tls,
            timeout=target.timeout,
            auth_type="basic",
            enable_rfc6764=False,
        )

    def close(self) -> None:
        self._client.close()

    # -- the one place a request is made

    def _request(
        self,
        url: str,
        method: str,
        body: str = "",
        headers: dict[str, str] | None = None,
        *,
        ok: tuple[int, ...] = (200, 201, 204, 207),
        unreadable: type[Exception] | None = None,
    ) -> Any:
        """The response; `unreadable` is raised for an answer too large or broken to parse
        as XML, rather than a SyncError ending the run."""
        from caldav.lib import error
        from lxml.etree import XMLSyntaxError

        from exporters.sync.model import SyncError

        if server_of(url) != self.server and url_problem(url) is not None:
            # An href the server gave (principal, home: iCloud's is on another host) goes by
            # the rule of [sync] url, as the login goes with every request.
            raise SyncError(
                _(
                    "{server} pointed to {other}, where the password would travel in clear; "
                    "nothing was sent there"
                ).format(server=self.server, other=server_of(url))
            )
        self.requests += 1
        try:
            response = self._client.request(url, method, body, headers or {})
        except error.AuthorizationError as exc:
            status = getattr(exc, "status", None)
            if "{DAV:}valid-sync-token" in getattr(exc, "preconditions", ()):
                raise InvalidToken from None
            if status == 403:
                raise SyncError(
                    _("{server} refused access to {path} for this user").format(
                        server=self.server, path=_path(url)
                    )
                ) from None
            raise SyncError(
                _(
                    "{server} refused the login: check [sync] username and the password"
                    " (`calepin sync --set-password`)"
                ).format(server=self.server)
            ) from None
        except error.RateLimitError:
            raise SyncError(
                _("{server} is busy (too many requests); try again later").format(
                    server=self.server
                )
            ) from None
        except XMLSyntaxError:  # lxml refuses a text over 10 MB: an object that large
            if unreadable is not None:
                raise unreadable from None
            raise SyncError(
                _("{server} sent an answer that cannot be read ({method} on {path})").format(
                    server=self.server, method=method, path=_path(url)
                )
            ) from None
        except Exception as exc:  # the HTTP library's own: connection, TLS, timeout
            raise SyncError(_network_reason(exc, self.server)) from None
        if response.status == 412:
            raise PreconditionFailed
        if response.status in ok:
            return response
        if response.status == 403 and method == "REPORT":
            raise InvalidToken
        if response.status >= 500:
            message = _("{server} failed ({status}); try again later")
        else:
            message = _("{server} refused a request ({status} on {path})")
        raise SyncError(message.format(server=self.server, status=response.status, path=_path(url)))

    # -- finding the calendars

    def calendar_home(self) -> str:
        """The user's calendar home (current-user-principal, then calendar-home-set)."""
        principal = self._href_prop(
            self.url, "<d:current-user-principal/>", DAV, "current-user-principal"
        )
        principal_url = urljoin(self.url, principal) if principal else self.url
        home = self._href_prop(principal_url, "<c:calendar-home-set/>", CALDAV, "calendar-home-set")
        return urljoin(principal_url, home) if home else principal_url

    def _href_prop(self, url: str, prop: str, namespace: str, name: str) -> str | None:
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
            f"<d:prop>{prop}</d:prop></d:propfind>"
        )
        response = self._request(url, "PROPFIND", body, {"Depth": "0"})
        tree = response.tree
        if tree is None:
            return None
        for element in tree.iter(f"{{{namespace}}}{name}"):
            for href in element.iter(f"{{{DAV}}}href"):
                if href.text:
                    return href.text.strip()
        return None

    def calendars(self, home: str) -> list[RemoteCalendar]:
        """The calendars in a home, with their names, ctags and sync tokens (one request)."""
        response = self._request(home, "PROPFIND", _PROPFIND_CALENDARS, {"Depth": "1"})
        found = []
        for href, props in _responses(response.tree):
            resourcetype = props.get(f"{{{DAV}}}resourcetype")
            if resourcetype is None or resourcetype.find(f"{{{CALDAV}}}calendar") is None:
                continue
            found.append(_calendar(urljoin(home, href), props))
        return found

    def calendar(self, url: str) -> RemoteCalendar | None:
        """One calendar's name, ctag and sync token (one request); None when it is gone."""
        response = self._request(
            url, "PROPFIND", _PROPFIND_CALENDARS, {"Depth": "0"}, ok=(207, 404)
        )
        if response.status == 404:
            return None
        for href, props in _responses(response.tree):
            resourcetype = props.get(f"{{{DAV}}}resourcetype")
            if resourcetype is not None and resourcetype.find(f"{{{CALDAV}}}calendar") is not None:
                return _calendar(urljoin(url, href), props)
        return None

    def make_calendar(self, home: str, name: str) -> str:
        """Create a calendar named `name` in `home`; returns its URL."""
        slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:40] or "calepin"
        url = urljoin(home, f"{slug}-{uuid.uuid4().hex[:6]}/")
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
            f"<d:set><d:prop><d:displayname>{_xml_text(name)}</d:displayname>"
            '<c:supported-calendar-component-set><c:comp name="VEVENT"/>'
            "</c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>"
        )
        self._request(url, "MKCALENDAR", body)
        return url

    # -- what the calendar holds

    def etags(self, calendar_url: str) -> dict[str, str | None]:
        """Every object's href and ETag (PROPFIND Depth 1)."""
        response = self._request(calendar_url, "PROPFIND", _PROPFIND_ETAGS, {"Depth": "1"})
        return _listing(calendar_url, _responses(response.tree))[1]

    def calendar_and_etags(self, url: str) -> tuple[RemoteCalendar, dict[str, str | None]] | None:
        """The calendar at `url` (name and ctag; no sync token) and every object's href and
        ETag, in one PROPFIND Depth 1; None when nothing is there."""
        response = self._request(
            url, "PROPFIND", _PROPFIND_CALENDAR_AND_ETAGS, {"Depth": "1"}, ok=(207, 404)
        )
        if response.status == 404:
            return None
        itself, listing = _listing(url, _responses(response.tree))
        if itself is None:
            return None
        return replace(_calendar(url, itself), sync_token=None), listing

    def changes_since(self, calendar_url: str, token: str) -> Changes:
        """What changed since `token` (sync-collection REPORT).

        Raises:
            InvalidToken: the server no longer knows the token (start over with `etags`).
        """
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<d:sync-collection xmlns:d="DAV:">'
            f"<d:sync-token>{_xml_text(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
            "<d:prop><d:getetag/></d:prop></d:sync-collection>"
        )
        response = self._request(calendar_url, "REPORT", body, {"Depth": "1"})
        tree = response.tree
        changed: dict[str, str | None] = {}
        deleted: set[str] = set()
        if tree is None:
            raise InvalidToken
        for element in tree.findall(f"{{{DAV}}}response"):
            href = _text(element.find(f"{{{DAV}}}href"))
            if not href:
                continue
            path = _href_path(calendar_url, href)
            status = _text(element.find(f"{{{DAV}}}status")) or ""
            if " 404" in status:
                deleted.add(path)
                continue
            props = _props(element)
            changed[path] = _text(props.get(f"{{{DAV}}}getetag"))
        new_token = _text(tree.find(f"{{{DAV}}}sync-token"))
        return Changes(changed, frozenset(deleted), new_token)

    def fetch(self, calendar_url: str, hrefs: list[str]) -> dict[str, tuple[str, str | None]]:
        """The iCalendar text and ETag of each href (calendar-multiget, by chunks); an href
        that is gone is missing from the answer."""
        found: dict[str, tuple[str, str | None]] = {}
        for start in range(0, len(hrefs), MULTIGET_CHUNK):
            chunk = hrefs[start : start + MULTIGET_CHUNK]
            body = (
                '<?xml version="1.0" encoding="utf-8"?>'
                '<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
                "<d:prop><d:getetag/><c:calendar-data/></d:prop>"
                + "".join(f"<d:href>{_xml_text(quote(h, safe='/@:'))}</d:href>" for h in chunk)
                + "</c:calendar-multiget>"
            )
            try:
                response = self._request(
                    calendar_url, "REPORT", body, {"Depth": "1"}, unreadable=UnreadableAnswer
                )
            except UnreadableAnswer:
                # One object too large for the XML parser: each one of the chunk alone, as
                # plain iCalendar, so that one is refused with its reason and the rest read.
                for href in chunk:
                    got = self._get(href)
                    if got is not None:
                        found[href] = got
                continue
            for href, props in _responses(response.tree):
                data = _text(props.get(f"{{{CALDAV}}}calendar-data"))
                if data:
                    path = _href_path(calendar_url, href)
                    found[path] = (data, _text(props.get(f"{{{DAV}}}getetag")))
        return found

    def _get(self, href: str) -> tuple[str, str | None] | None:
        """One object's iCalendar text and ETag (GET); None when it is gone."""
        response = self._request(self.server_url(href), "GET", ok=(200, 404))
        if response.status == 404:
            return None
        raw = response._raw  # caldav keeps a body that is not XML as it came (bytes)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        return text, response.headers.get("ETag")

    def put(self, href: str, text: str, *, etag: str | None) -> str | None:
        """Write an object: over version `etag` only (If-Match), or only if new (no etag:
        If-None-Match: *). Returns the new ETag when the server gives it.

        Raises:
            PreconditionFailed: the server's object is not the one we meant to replace.
        """
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        response = self._request(self.server_url(href), "PUT", text, headers, ok=(200, 201, 204))
        return response.headers.get("ETag")

    def delete(self, href: str, etag: str | None) -> None:
        """Delete an object if it still is version `etag`; one already gone is fine."""
        headers = {"If-Match": etag} if etag else {}
        self._request(self.server_url(href), "DELETE", "", headers, ok=(200, 204, 404))

    def server_url(self, href: str) -> str:
        # One leading slash: a path "//host/x" would be read as another server's address.
        return urljoin(self.server, quote("/" + href.lstrip("/"), safe="/@:"))


class InvalidToken(Exception):
    """The server no longer knows the sync token."""


class UnreadableAnswer(Exception):
    """An answer the XML parser refused (a calendar object over its 10 MB limit)."""


def href_for(calendar_url: str, uid: str) -> str:
    """Where a new object with `uid` goes: the calendar's path + a safe file name."""
    name = re.sub(r"[^A-Za-z0-9@._-]", "_", uid)[:200] or uuid.uuid4().hex
    return _path(calendar_url).rstrip("/") + "/" + name + ".ics"


def _path(url: str) -> str:
    return unquote(urlsplit(url).path)


def _href_path(base_url: str, href: str) -> str:
    """The path of an href the server gave, as `_path(urljoin(base_url, href))`; an absolute
    path (what servers send) is taken as it is: a listing holds thousands."""
    if href.startswith("/") and not href.startswith("//") and "?" not in href and "#" not in href:
        return unquote(href)
    return _path(urljoin(base_url, href))


def _listing(
    url: str, responses: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[str, Any] | None, dict[str, str | None]]:
    """The collection's own properties (None when absent) and href → ETag of the objects
    in it, from a PROPFIND Depth 1 on `url`."""
    itself: dict[str, Any] | None = None
    listing: dict[str, str | None] = {}
    base = _path(url).rstrip("/")
    for href, props in responses:
        path = _href_path(url, href)
        if path.rstrip("/") == base:
            itself = props
            continue
        resourcetype = props.get(f"{{{DAV}}}resourcetype")
        if path.endswith("/") or (resourcetype is not None and len(resourcetype)):
            continue  # a collection inside the calendar, not an event
        listing[path] = _text(props.get(f"{{{DAV}}}getetag"))
    return itself, listing


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text(element: Any) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() if element.tag != f"{{{CALDAV}}}calendar-data" else element.text


def _props(response: Any) -> dict[str, Any]:
    """The properties a <response> found (status 200), by tag."""
    props: dict[str, Any] = {}
    for propstat in response.findall(f"{{{DAV}}}propstat"):
        status = _text(propstat.find(f"{{{DAV}}}status")) or ""
        if " 200" not in status:
            continue
        for prop in propstat.findall(f"{{{DAV}}}prop"):
            for child in prop:
                props[child.tag] = child
    return props


def _responses(tree: Any) -> list[tuple[str, dict[str, Any]]]:
    if tree is None:
        return []
    found = []
    for response in tree.findall(f"{{{DAV}}}response"):
        href = _text(response.find(f"{{{DAV}}}href"))
        if href:
            found.append((href, _props(response)))
    return found


def _calendar(url: str, props: dict[str, Any]) -> RemoteCalendar:
    return RemoteCalendar(
        url=url,
        name=_text(props.get(f"{{{DAV}}}displayname")) or "",
        ctag=_text(props.get(f"{{{CS}}}getctag")),
        sync_token=_text(props.get(f"{{{DAV}}}sync-token")),
    )


def _network_reason(exc: Exception, server: str) -> str:
    """Why the server could not be reached, in words; never the exception's own text, which
    may quote a URL or a header."""
    name = type(exc).__name__.lower()
    text = str(exc).lower()
    if "timeout" in name or "timed out" in text:
        return _("{server} did not answer in time; try again later").format(server=server)
    if "ssl" in name or "certificate" in text:
        return _(
            "could not check {server}'s certificate (set [sync] verify_tls = false only for"
            " a server you trust)"
        ).format(server=server)
    return _("could not reach {server}; check [sync] url and the network").format(server=server)
