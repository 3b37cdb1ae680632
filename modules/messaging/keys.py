"""Creating, rotating and re-locking the team key (the management commands
``messagingkey create|rotate`` and ``messagingpassphrase`` call these)."""

from django.db import transaction

from modules.messaging import crypto
from modules.messaging.models import Message, Note, TeamKey

MIN_PASSPHRASE = 12


class KeyProblem(Exception):
    pass


def _check_new(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyProblem(
            f"A team passphrase needs at least {MIN_PASSPHRASE} characters."
        )


def _store(private_key: bytes, passphrase: str) -> TeamKey:
    return TeamKey.objects.create(
        public_key=crypto.public_of(private_key),
        **crypto.lock_private_key(private_key, passphrase),
    )


def _unlock_current(passphrase: str) -> tuple[TeamKey, bytes]:
    current = TeamKey.objects.first()
    if current is None:
        raise KeyProblem("There is no team key yet: run `messagingkey create`.")
    try:
        return current, crypto.unlock_private_key(current, passphrase)
    except crypto.CannotOpen:
        raise KeyProblem("That is not the team passphrase.") from None


@transaction.atomic
def create(passphrase: str) -> TeamKey:
    if TeamKey.objects.exists():
        raise KeyProblem("A team key exists already: use `messagingkey rotate`.")
    _check_new(passphrase)
    private, _public = crypto.new_key_pair()
    return _store(private, passphrase)


@transaction.atomic
def rotate(passphrase: str, new_passphrase: str) -> int:
    """A new key pair: every stored copy for the team is re-sealed to it and
    the old key is deleted. Returns how many copies were re-sealed."""
    _check_new(new_passphrase)
    old, old_private = _unlock_current(passphrase)
    private, public = crypto.new_key_pair()
    count = 0
    for model in (Message, Note):
        for row in model.objects.select_for_update().only("id", "for_team"):
            text = crypto.unseal(old_private, row.for_team)
            model.objects.filter(id=row.id).update(for_team=crypto.seal(public, text))
            count += 1
    old.delete()
    _store(private, new_passphrase)
    return count


@transaction.atomic
def change_passphrase(passphrase: str, new_passphrase: str) -> None:
    _check_new(new_passphrase)
    current, private = _unlock_current(passphrase)
    TeamKey.objects.filter(id=current.id).update(
        **crypto.lock_private_key(private, new_passphrase)
    )
