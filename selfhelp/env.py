"""Reading settings from the environment: empty means "not set", so a
deployment's env file can list every variable and leave some blank."""

import os


def env_bool(name, *, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default
