"""A real OpenID Connect provider for the SSO tests: django-oidc-provider in a minimal Django
project of its own (its own settings, database and process), served by waitress on loopback.
``python -m govoa.testing.oidc_op`` (see ``__main__.py``); started by ``govoa.testing.oidc``."""
