# TEMP shim: removed at integration
"""Old home of the typed-entry grammar; everything now lives in :mod:`storage.grammar`."""

from storage.grammar import *  # noqa: F403
from storage.grammar import __all__  # noqa: F401
