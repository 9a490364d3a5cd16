"""Structural types that let lower layers talk about a person without importing ``org``."""

from typing import Protocol

from govoa.core.vocabulary import Role


class RoleHolder(Protocol):
    pk: int | None
    agency_id: int

    def has_role(self, role: Role, *, department_id: int | None = None) -> bool: ...
