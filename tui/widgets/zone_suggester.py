"""ZoneSuggester: completes IANA time zone names in an Input."""

from __future__ import annotations

from textual.suggester import Suggester


class ZoneSuggester(Suggester):
    """Completes IANA zone names; the list is read from disk on the first keystroke only."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self._names: list[str] | None = None

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        if self._names is None:
            from zoneinfo import available_timezones

            self._names = sorted(available_timezones())
        # `value` arrives folded (case_sensitive=False); the suggestion keeps the name's case.
        return next((n for n in self._names if n.casefold().startswith(value)), None)
