"""Calepin's storage: the SQLite file, the domain models and the typed-entry grammar."""

from storage.errors import (
    CalepinError,
    ConfirmationNeeded,
    DatabaseError,
    NotFoundError,
    ParseError,
    ValidationError,
)
from storage.models import (
    Activity,
    Campaign,
    CheckResult,
    Duty,
    EntryDraft,
    EntrySource,
    Platform,
    Post,
    PostDraft,
    Status,
    TimeEntry,
)
from storage.store import UNSET, Store, draft_from_post

__all__ = [
    "UNSET",
    "Activity",
    "CalepinError",
    "Campaign",
    "CheckResult",
    "ConfirmationNeeded",
    "DatabaseError",
    "Duty",
    "EntryDraft",
    "EntrySource",
    "NotFoundError",
    "ParseError",
    "Platform",
    "Post",
    "PostDraft",
    "Status",
    "Store",
    "TimeEntry",
    "ValidationError",
    "draft_from_post",
]
