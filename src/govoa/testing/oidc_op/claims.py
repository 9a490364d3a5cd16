from typing import Any

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    """The standard claims the provider knows: the login name, the name, the employee number
    (kept in the user's ``last_name`` field of this minimal provider)."""
    claims["preferred_username"] = user.username
    claims["name"] = user.first_name
    claims["employee_number"] = user.last_name
    return claims


class EmployeeClaims(ScopeClaims):
    """A scope ``employee`` with the claim ``employee_number``, as agencies' providers have."""

    info_employee = ("员工编号", "")

    def scope_employee(self) -> dict[str, Any]:
        return {"employee_number": self.user.last_name}
