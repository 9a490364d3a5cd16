"""The ``govoa`` command: ``manage.py`` with the embedded settings as the default and the
names of DESIGN §6 (``govoa run``, ``govoa audit-verify``, …). Any other Django management
command is passed through (``govoa migrate``, ``govoa shell``)."""

import os
import sys

ALIASES = {
    "worker": "db_worker",
    "audit-verify": "audit_verify",
    "reset-admin-password": "reset_admin_password",
    "admin-role": "admin_role",
    "audit-purge": "audit_purge",
    "verify-pdf": "verify_pdf",
    "archives-fixity": "archives_fixity",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.embedded")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "govoa"
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
