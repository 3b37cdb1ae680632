"""Print a shell block of docs/deploy.md exactly as written.

    extract.py DOC SECTION [N] [LANG]

SECTION is the number of a "## N." heading, or "N.X" for a numbered or
lettered step inside it (e.g. "12.B.1", "8.1"); N picks the Nth ```sh block
found there (1 by default), or of LANG (e.g. ini) if given. The check runs what this prints, so a command
that is not in the document cannot slip into the check unnoticed.
"""

import re
import sys


def section_text(doc: str, number: str) -> str:
    top, *rest = number.split(".")
    match = re.search(rf"^## {re.escape(top)}\. .*?(?=^## |\Z)", doc, re.S | re.M)
    if not match:
        sys.exit(f"no section {top} in the document")
    text = match.group(0)
    for part in rest:
        # A lettered way ("**B. ...") or a numbered step ("1. ..." at the
        # start of a line), up to the next one of its kind.
        if part.isalpha():
            pattern = rf"^\*\*{part}\. .*?(?=^\*\*[A-Z]\. |\Z)"
        else:
            pattern = rf"^{part}\. .*?(?=^\d+\. |\Z)"
        match = re.search(pattern, text, re.S | re.M)
        if not match:
            sys.exit(f"no step {part} in section {number}")
        text = match.group(0)
    return text


def blocks(text: str, lang: str = "sh") -> list[str]:
    found = re.findall(rf"^( *)```{lang}\n(.*?)^\1```", text, re.S | re.M)
    # Blocks inside a list item are indented: take the indent off.
    return [
        "\n".join(line[len(indent) :] for line in body.splitlines()) + "\n"
        for indent, body in found
    ]


def main():
    doc_path, number, *nth = sys.argv[1:]
    index = int(nth[0]) if nth else 1
    lang = nth[1] if len(nth) > 1 else "sh"
    found = blocks(section_text(open(doc_path, encoding="utf-8").read(), number), lang)
    if not 1 <= index <= len(found):
        sys.exit(f"section {number} has {len(found)} shell blocks, not {index}")
    sys.stdout.write(found[index - 1])


if __name__ == "__main__":
    main()
