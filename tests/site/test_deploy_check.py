"""docs/deploy.md stays followable by deploy/check/run.sh (which is too slow
for the test suite: it installs Debian machines). These check, in a moment,
what a change to the document most often breaks: a shell block the check
runs that is no longer found, and a block that names a file of the
repository by a relative path without first going to /opt/selfhelp (each
block is typed into a fresh shell, as the check runs it)."""

import re
import subprocess
import sys

import pytest

from tests.helpers import REPO

DOC = REPO / "docs" / "deploy.md"
CHECK = REPO / "deploy" / "check"
sys.path.insert(0, str(CHECK))
import extract  # noqa: E402


def _sections_the_check_runs():
    """(section, n, lang) for every run_doc/doc call in run.sh."""
    text = (CHECK / "run.sh").read_text()
    found = set()
    for match in re.finditer(
        r"\b(?:run_doc \S+|doc) ([0-9][0-9.A-Z]*)((?: [0-9a-z]+)*)", text
    ):
        rest = match.group(2).split()
        n = rest[0] if rest and rest[0].isdigit() else "1"
        lang = rest[1] if len(rest) > 1 else "sh"
        found.add((match.group(1), n, lang))
    return sorted(found)


SECTIONS = _sections_the_check_runs()


def test_the_check_runs_the_document_from_the_database_to_onionbalance():
    sections = {s for s, _n, _l in SECTIONS}
    assert {
        "1",
        "2",
        "3",
        "4",
        "5.1",
        "5.4",
        "8.1",
        "12.A",
        "12.B.1",
        "12.B.2",
    } <= sections


@pytest.mark.parametrize(("section", "n", "lang"), SECTIONS, ids=lambda v: str(v))
def test_every_block_the_check_runs_is_in_the_document(section, n, lang):
    result = subprocess.run(  # noqa: S603 (this Python, our script and document)
        [sys.executable, str(CHECK / "extract.py"), str(DOC), section, n, lang],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_no_block_names_a_repository_file_from_another_directory():
    doc = DOC.read_text()
    for block in extract.blocks(doc):
        before_cd = block.split("cd /opt/selfhelp", 1)[0]
        relative = re.findall(r"(?<![/\w])deploy/[\w./-]+", before_cd)
        assert not relative, (
            f"{relative} in a block that is not in /opt/selfhelp:\n{block}"
        )
