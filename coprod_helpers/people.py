"""Who is taking part: a pseudonym and a role, never a real name unless a person chooses."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError

#: Roles a contributor can take, as stored, with the words shown to people.
ROLES: dict[str, str] = {
    "lived_experience": "Person with lived experience",
    "family_carer": "Family member or carer",
    "staff": "Staff member",
    "vcse": "Voluntary or community sector (VCSE) partner",
    "other": "Other",
}

MAX_PSEUDONYM = 40


@dataclass(frozen=True)
class Person:
    """Someone taking part, known by a pseudonym and a role.

    Examples
    --------
    >>> Person("Sam", "lived_experience").role_label
    'Person with lived experience'
    """

    pseudonym: str
    role: str

    def __post_init__(self):
        name = (self.pseudonym or "").strip()
        if not name:
            raise InputError("Please type a name or nickname so others know who added this.",
                             field="pseudonym", fix="Any name you like is fine; it need not be your real one.")
        if len(name) > MAX_PSEUDONYM:
            raise InputError(f"The name is longer than {MAX_PSEUDONYM} characters.", field="pseudonym",
                             fix="Please use a shorter name or nickname.")
        if self.role not in ROLES:
            raise InputError(f"'{self.role}' is not one of the roles.", field="role",
                             fix="Choose one of: " + ", ".join(ROLES.values()) + ".")
        object.__setattr__(self, "pseudonym", name)

    @property
    def role_label(self) -> str:
        return ROLES[self.role]
