"""A real OpenLDAP server (Debian's slapd) for the tests: a temp directory with a slapd.conf,
the entries loaded offline with slapadd, the server on a free loopback port, stopped after.

``scripts/ensure-slapd`` installs slapd and exports its path as ``GOVOA_SLAPD``; without it the
tests that need a directory are skipped with a loud message."""

import base64
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SUFFIX = "dc=example,dc=gov"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "root-" + secrets.token_hex(8)
# The account GovOA binds with to read the directory (read-only in the ACL).
READER_DN = f"cn=govoa,{SUFFIX}"
READER_PASSWORD = "reader-" + secrets.token_hex(8)
DEPARTMENT_BASE = f"ou=departments,{SUFFIX}"
PEOPLE_BASE = f"ou=people,{SUFFIX}"
SCHEMAS = ("core", "cosine", "inetorgperson")


def slapd_path() -> str | None:
    found = os.environ.get("GOVOA_SLAPD") or shutil.which("slapd") or "/usr/sbin/slapd"
    return found if found and os.access(found, os.X_OK) else None


def ssha(password: str) -> str:
    salt = secrets.token_bytes(8)
    digest = hashlib.sha1(password.encode() + salt).digest()  # noqa: S324 — LDAP's {SSHA}
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def _line(name: str, value: str) -> str:
    if value.isascii() and not value.startswith((" ", ":", "<")):
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode()).decode()}"


def ldif(entries: list[dict[str, list[str] | str]]) -> str:
    """LDIF of ``entries`` (each with a ``dn``); non-ASCII values base64-encoded, as LDIF wants."""
    blocks = []
    for entry in entries:
        lines = [_line("dn", str(entry["dn"]))]
        for name, values in entry.items():
            if name == "dn":
                continue
            for value in [values] if isinstance(values, str) else values:
                lines.append(_line(name, value))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def department(name: str, code: str, parent: str = DEPARTMENT_BASE) -> dict[str, list[str] | str]:
    return {
        "dn": f"ou={name},{parent}",
        "objectClass": ["top", "organizationalUnit"],
        "ou": name,
        "businessCategory": code,
    }


def person(
    uid: str,
    name: str,
    password: str,
    *,
    department_code: str = "",
    title: str = "",
    mail: str = "",
    phone: str = "",
) -> dict[str, list[str] | str]:
    entry: dict[str, list[str] | str] = {
        "dn": f"uid={uid},{PEOPLE_BASE}",
        "objectClass": ["top", "person", "organizationalPerson", "inetOrgPerson"],
        "uid": uid,
        "cn": name,
        "sn": name[:1],
        "userPassword": ssha(password),
    }
    for attr, value in (
        ("departmentNumber", department_code),
        ("title", title),
        ("mail", mail),
        ("telephoneNumber", phone),
    ):
        if value:
            entry[attr] = value
    return entry


def skeleton() -> list[dict[str, list[str] | str]]:
    return [
        {
            "dn": SUFFIX,
            "objectClass": ["top", "dcObject", "organization"],
            "dc": "example",
            "o": "示例市",
        },
        {
            "dn": READER_DN,
            "objectClass": ["top", "person"],
            "cn": "govoa",
            "sn": "govoa",
            "userPassword": ssha(READER_PASSWORD),
        },
        {"dn": DEPARTMENT_BASE, "objectClass": ["top", "organizationalUnit"], "ou": "departments"},
        {"dn": PEOPLE_BASE, "objectClass": ["top", "organizationalUnit"], "ou": "people"},
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Directory:
    uri: str
    root: Path
    process: subprocess.Popen[bytes] | None = None
    log: list[str] = field(default_factory=list)

    def settings(self) -> dict[str, object]:
        """The GovOA settings that point at this directory."""
        return {
            "GOVOA_LDAP_URI": self.uri,
            "GOVOA_LDAP_BIND_DN": READER_DN,
            "GOVOA_LDAP_BIND_PASSWORD": READER_PASSWORD,
            "GOVOA_LDAP_USER_BASE": PEOPLE_BASE,
            "GOVOA_LDAP_DEPARTMENT_BASE": DEPARTMENT_BASE,
        }

    def modify(self, ldif_text: str) -> None:
        """Change entries as the directory's own administrator would (ldapmodify, LDIF with
        ``changetype``)."""
        done = subprocess.run(  # noqa: S603 — fixed arguments, test support
            [
                shutil.which("ldapmodify") or "/usr/bin/ldapmodify",
                "-x",
                "-H",
                self.uri,
                "-D",
                ROOT_DN,
                "-w",
                ROOT_PASSWORD,
            ],
            input=ldif_text.encode(),
            capture_output=True,
            timeout=20,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode(errors="replace"))


def _config(root: Path) -> str:
    schema_dir = Path("/etc/ldap/schema")
    includes = "\n".join(f"include {schema_dir / name}.schema" for name in SCHEMAS)
    return f"""{includes}
pidfile {root / "slapd.pid"}
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ROOT_DN}"
rootpw {ROOT_PASSWORD}
directory {root / "data"}
access to attrs=userPassword
    by self read
    by anonymous auth
    by * none
access to *
    by dn.exact="{READER_DN}" read
    by self read
    by * none
"""


@contextmanager
def running_slapd(entries: list[dict[str, list[str] | str]], root: Path) -> Iterator[Directory]:
    """slapd serving ``skeleton() + entries`` on 127.0.0.1 until the block ends."""
    slapd = slapd_path()
    if slapd is None:
        raise RuntimeError("slapd not installed")
    (root / "data").mkdir(parents=True)
    conf = root / "slapd.conf"
    conf.write_text(_config(root), encoding="utf-8")
    data = root / "data.ldif"
    data.write_text(ldif(skeleton() + entries), encoding="utf-8")
    slapadd = str(Path(slapd).with_name("slapadd"))
    if not os.access(slapadd, os.X_OK):
        slapadd = shutil.which("slapadd") or slapadd
    subprocess.run(  # noqa: S603 — the installed slapadd, our own files
        [slapadd, "-q", "-f", str(conf), "-l", str(data)], check=True, timeout=60
    )
    port = _free_port()
    uri = f"ldap://127.0.0.1:{port}"
    # -d 0: stay in the foreground (stopped by the fixture); listen on loopback only.
    process = subprocess.Popen(  # noqa: S603 — the installed slapd, our own config
        [slapd, "-d", "0", "-f", str(conf), "-h", f"{uri}/"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    directory = Directory(uri=uri, root=root, process=process)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                    raise RuntimeError(f"slapd did not start: {err}") from None
                time.sleep(0.05)
        yield directory
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
