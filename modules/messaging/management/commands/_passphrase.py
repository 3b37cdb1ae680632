"""Passphrases are typed, never given as arguments (which ``ps`` and shell
history would keep): from the terminal without echo, or one a line on
standard input for scripts."""

import getpass
import sys


def ask(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def ask_new() -> str:
    first = ask("New team passphrase: ")
    if sys.stdin.isatty() and ask("The same again: ") != first:
        raise ValueError("The two passphrases differ.")
    return first
