#!/usr/bin/env python
import os
import sys
from pathlib import Path

# A local checkout keeps the secrets `make setup` generated in var/ (ignored by
# git), so every README command finds them. A deployment sets its own in the
# environment, which always wins.
LOCAL_SECRETS = {
    "SELFHELP_SECRET_KEY": "secret_key",
    "SELFHELP_CODE_PEPPER": "code_pepper",
}


def use_local_secrets():
    var = Path(os.environ.get("SELFHELP_VAR_DIR", Path(__file__).parent / "var"))
    for name, filename in LOCAL_SECRETS.items():
        path = var / filename
        if (
            not (os.environ.get(name) or os.environ.get(f"{name}_FILE"))
            and path.exists()
        ):
            os.environ[f"{name}_FILE"] = str(path)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selfhelp.settings")
    use_local_secrets()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
