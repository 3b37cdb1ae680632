"""One spelling of whitespace for clinicians' text.

Browsers send a textarea's line breaks as CRLF, and editors leave spaces at
the ends of lines. Neither changes what a visitor reads, but stored as-is
they would change the English source text, mark every translation of it
"needs review" and add a revision nobody made. So line breaks are always
LF and lines never end in spaces.
"""


def normalise_text(text):
    """``text`` with LF line breaks and no spaces at the ends of lines."""
    if not isinstance(text, str):
        return text
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines)


def same_text(old, new):
    """Whether two texts read the same once whitespace is normalised (forms
    also drop blank lines at either end, which the loaded program keeps)."""
    return normalise_text(old or "").strip() == normalise_text(new or "").strip()
