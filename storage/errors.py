"""Errors raised by storage: every one carries a message fit to show a person."""


class CalepinError(Exception):
    """Base class: the message says what went wrong and how to fix it."""


class ValidationError(CalepinError):
    """Input that cannot be saved as given (nothing was written)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ParseError(ValidationError):
    """Typed text (a date, a time, a duration, a log line) that could not be understood."""


class NotFoundError(CalepinError):
    """An id or a name that does not exist."""


class DatabaseError(CalepinError):
    """A file that is not a usable Calepin database (foreign, damaged, or too new)."""


class ConfirmationNeeded(CalepinError):
    """A change that is valid but needs the user's say-so (future, very long, overlapping).

    `reasons` lists each reason in plain words.
    """

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
