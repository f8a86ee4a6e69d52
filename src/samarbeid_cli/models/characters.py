"""Characters no text from the data may carry into an output, defined once.

Control characters break e-mail headers and calendar lines; the bidirectional controls make a
name read otherwise than it is written ("Trojan Source", CVE-2021-42574): an arena name with a
right-to-left override shows its letters reversed in Outlook and on the site.
"""

from __future__ import annotations

import re

# Arabic letter mark, left-to-right and right-to-left marks, embeddings and overrides (U+202A
# to U+202E) and isolates (U+2066 to U+2069).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"

CONTROL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\u2028\u2029{BIDI_CONTROLS}]")
"""Every C0 and C1 control character, the Unicode line separators and the bidi controls."""

CONTROL_BUT_TAB_AND_LINE_FEED = re.compile(
    f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\u2028\u2029{BIDI_CONTROLS}]"
)
"""The same but tab and line feed, which a field's type may allow (a multi-line note)."""
