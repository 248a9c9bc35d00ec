"""The reviewer passphrase: stored only as a salted scrypt hash, checked in constant time."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field

from ..errors import InputError

MIN_PASSPHRASE = 8
_N, _R, _P = 2 ** 14, 8, 1


def hash_passphrase(passphrase: str) -> str:
    """A salted scrypt hash of ``passphrase`` in the form ``scrypt$n$r$p$salt$hash``."""
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise InputError(f"The reviewer passphrase needs at least {MIN_PASSPHRASE} characters.",
                         field="passphrase", fix="Choose a longer phrase that the team can remember, such as three words.")
    salt = os.urandom(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${_N}${_R}${_P}${b64(salt)}${b64(digest)}"


def check_passphrase(passphrase: str, stored: str | None) -> bool:
    """True when ``passphrase`` matches the ``stored`` hash."""
    if not stored or not passphrase:
        return False
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(passphrase.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@dataclass(frozen=True)
class ReviewerKey:
    """Proof that someone typed the team's reviewer passphrase for one project.

    Only :meth:`Store.unlock` makes these; the store checks that a key is one it issued.
    """

    project_id: str
    token: str = field(default_factory=lambda: secrets.token_hex(16), repr=False)
