"""What the command line can write, and its exit statuses: one place for the names that the
argument parser, the exports, the diff and the app all use.

Kept apart from the modules that write the formats, so that parsing the arguments imports
none of them.
"""

from __future__ import annotations

#: Success (and, for `diff`, no changes).
EXIT_OK = 0
#: `diff`: the snapshots differ.
EXIT_CHANGED = 1
#: Invalid input: a bad file or bad arguments; also the return code of an app whose report
#: could not be loaded.
EXIT_INVALID = 2

#: The text formats of `export` (`svg`, a screenshot, is drawn by the Textual side).
EXPORT_FORMATS = ("md", "json", "csv", "toml")
#: The formats of `diff`.
DIFF_FORMATS = ("text", "json", "md")
