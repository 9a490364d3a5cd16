"""Set up and serve the test OpenID provider:

    GOVOA_OP_DB=/tmp/op.sqlite3 GOVOA_OP_URL=http://127.0.0.1:PORT \
    GOVOA_OP_SPEC='{"port": PORT, "users": [...], "client": {...}}' python -m govoa.testing.oidc_op

Migrates its own database, makes an RSA signing key, its users and one confidential client
(code flow, no consent screen), then serves on 127.0.0.1 until stopped."""

import json
import os


def main() -> None:
    if os.environ.get("GOVOA_OP_NOW"):
        # The provider's clock runs from the same instant as the GovOA under test (whose
        # clock the tests freeze), so that the ID token's iat/exp agree with it.
        import datetime

        import time_machine

        time_machine.travel(
            datetime.datetime.fromisoformat(os.environ["GOVOA_OP_NOW"]), tick=True
        ).start()
    os.environ["DJANGO_SETTINGS_MODULE"] = "govoa.testing.oidc_op.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType
    from waitress import serve

    spec = json.loads(os.environ["GOVOA_OP_SPEC"])
    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    for user in spec["users"]:
        User.objects.create_user(
            username=user["username"],
            password=user["password"],
            first_name=user.get("name", ""),
            last_name=user.get("employee_number", ""),
        )
    client = Client.objects.create(
        name="GovOA",
        client_type="confidential",
        client_id=spec["client"]["id"],
        client_secret=spec["client"]["secret"],
        redirect_uris=spec["client"]["redirect_uris"],
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    serve(WSGIHandler(), host="127.0.0.1", port=int(spec["port"]), threads=4, _quiet=True)


if __name__ == "__main__":
    main()
