from django.test import RequestFactory, override_settings

from govoa.core.http import client_ip


def _request(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@override_settings(GOVOA_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(_request("10.1.1.1", "1.2.3.4")) == "10.1.1.1"


@override_settings(GOVOA_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_the_rightmost_untrusted_address_is_the_client():
    # The client wrote "6.6.6.6" itself; the proxy appended the real address 192.168.5.9.
    assert client_ip(_request("10.0.0.2", "6.6.6.6, 192.168.5.9")) == "192.168.5.9"
    assert client_ip(_request("10.0.0.2", "192.168.5.9, 10.0.0.7")) == "192.168.5.9"
    assert client_ip(_request("10.0.0.2")) == "10.0.0.2"
    assert client_ip(_request("172.16.0.1", "1.2.3.4")) == "172.16.0.1"  # not a trusted proxy
