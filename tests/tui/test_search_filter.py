"""`/` then words: the week, month and backlog views show only the posts with every word."""

from __future__ import annotations

from storage import Store
from tests.tui.conftest import make_app, put, screen_text
from tui.dialogs import FilterDialog, PostFilter

SIZE = (120, 40)


def cards(app) -> list[str]:
    return sorted(p.title for posts in app.screen.by_day for p in posts)


async def type_words(pilot, text: str) -> None:
    """`/`, the words (put into the focused field in one edit), enter."""
    await pilot.press("slash")
    assert isinstance(pilot.app.screen, FilterDialog)
    await put(pilot, "words", text, focus=False)
    await pilot.press("enter")
    await pilot.pause()


async def test_slash_words_narrow_the_views_alone_or_with_the_other_filters(
    seeded: Store,
) -> None:
    """Words alone, words that follow the views, words with a platform and signs as text:
    one app (three before, from the seeded week), the filter cleared between the cases."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # `/`, words, enter: only the matching cards show.
        assert len(cards(app)) == 6
        await type_words(pilot, "library")
        assert app.post_filter == PostFilter(words="library")
        assert cards(app) == ["Library hours"]
        text = screen_text(app)
        assert "Filter: “library”" in text.splitlines()[0]
        assert "Council recap" not in text
        # The sums stay the whole week's.
        assert "Posts FB 1 · IG 1 · IN 1 · X 1 · BS 1 · NL 1" in text
        await pilot.press("escape")
        assert len(cards(app)) == 6

        # Words match campaigns, series and accents, and follow the views.
        await type_words(pilot, "WINTER")  # the campaign's name and the teaser's title
        assert cards(app) == ["Winter fair teaser video"]
        await pilot.press("b")  # the backlog: the idea in the campaign, not the other one
        text = screen_text(app)
        assert "Behind the scenes reel" in text and "Older idea" not in text
        await pilot.press("m")
        text = screen_text(app)
        assert "Filter: “WINTER”" in text
        assert "1 post" in text and "Library" not in text
        await pilot.press("w")
        # The dialog opens on the current words; clear them and type new ones.
        await pilot.press("slash")
        assert app.screen.query_one("#words").value == "WINTER"
        await pilot.press("ctrl+a", "ctrl+k", *"tip", "space", *"wéék", "enter")
        await pilot.pause()
        assert app.post_filter == PostFilter(words="tip wéék")
        assert cards(app) == ["Tip of the week"]  # a series: its occurrence on Wednesday
        await pilot.press("escape")
        assert app.post_filter is None and len(cards(app)) == 6, "the filter not cleared"

        # Words combine with the other filters, and signs are text.
        await pilot.press("slash")
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        dialog.query_one("#platforms").select("Facebook")
        await put(pilot, "words", "recap", focus=False)
        await pilot.press("enter")
        await pilot.pause()
        assert app.post_filter == PostFilter(platforms=("Facebook",), words="recap")
        assert cards(app) == []  # "Council recap" is on LinkedIn
        await pilot.press("escape")
        await type_words(pilot, '"(*')  # no word at all: no narrowing, no error
        assert app.post_filter is None
        assert len(cards(app)) == 6
        await type_words(pilot, 'AND "council')
        assert cards(app) == []  # "and" is a word to find, and no post has it with council
        await pilot.press("slash")
        await put(pilot, "words", '"council', focus=False)
        await pilot.press("enter")
        await pilot.pause()
        assert cards(app) == ["Council recap"]
