"""The permission matrix every view and endpoint is tested with (after NetBox's
``ViewTestCases``): anonymous → login (HTML) or 401 (API); out of scope → 404 (or 403 for a
screen gated by role); insufficient clearance → 404; in scope → 200."""

from dataclasses import dataclass
from typing import Any

from django.test import Client

from govoa.org.models import Person


@dataclass
class Matrix:
    url: str
    method: str = "get"
    data: dict[str, Any] | None = None
    api: bool = False
    in_scope_status: int = 200
    out_of_scope_status: int = 404

    def _call(self, client: Client) -> Any:
        call = getattr(client, self.method)
        if self.api and self.method != "get":
            return call(self.url, data=self.data or {}, content_type="application/json")
        return call(self.url, data=self.data or {})

    def check(
        self,
        client: Client,
        *,
        in_scope: Person,
        out_of_scope: Person | None = None,
        low_clearance: Person | None = None,
    ) -> None:
        client.logout()
        response = self._call(client)
        if self.api:
            assert response.status_code == 401, (self.url, "anonymous", response.status_code)
            assert response.json()["error"]["code"] == "unauthenticated"
        else:
            assert response.status_code == 302, (self.url, "anonymous", response.status_code)
            assert "/accounts/login/" in response["Location"]
        for label, person in (("out of scope", out_of_scope), ("low clearance", low_clearance)):
            if person is None:
                continue
            client.force_login(person)
            response = self._call(client)
            expected = 404 if label == "low clearance" else self.out_of_scope_status
            assert response.status_code == expected, (self.url, label, response.status_code)
            client.logout()
        client.force_login(in_scope)
        response = self._call(client)
        assert response.status_code == self.in_scope_status, (
            self.url,
            "in scope",
            response.status_code,
        )
        client.logout()
