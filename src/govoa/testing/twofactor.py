"""Logging in through the form as a person with two-factor on (the 三员 in every test)."""

from typing import Any

from django.test import Client
from django.utils import timezone

from govoa.accounts import totp
from govoa.accounts.models import TwoFactor

VERIFY = "/accounts/login/verify/"


def next_code(person_id: int) -> str:
    """A code not used yet: the authenticator's, or the next step's when the current one was
    used by an earlier login of the same test (within the allowed drift)."""
    factor = TwoFactor.objects.get(person_id=person_id)
    now = totp.step_at(timezone.now().timestamp())
    step = max(now - totp.DRIFT_STEPS, factor.last_step + 1)
    assert step <= now + totp.DRIFT_STEPS, "more logins in this minute than the drift allows"
    return totp.hotp(totp._key(factor.secret), step)


def second_step(client: Client, response: Any) -> Any:
    """Answers the code page if the login asked for it; else returns the response as it was."""
    if response.status_code == 302 and response["Location"] == VERIFY:
        person_id = client.session["govoa_2fa_pending"]["person"]
        return client.post(VERIFY, {"code": next_code(person_id)})
    return response
