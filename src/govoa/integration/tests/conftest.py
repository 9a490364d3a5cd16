import pytest

from govoa.integration.services import SUBSCRIBABLE, webhook_endpoint_create


@pytest.fixture
def endpoint_for(people):
    """A webhook endpoint of ``people``'s agency pointing at ``url``, for all events."""

    def make(url, events=None, actor=None):
        return webhook_endpoint_create(
            actor=actor or people.sys_admin,
            name="政务数据平台",
            url=url,
            events=events or [e.value for e in SUBSCRIBABLE],
        )

    return make
