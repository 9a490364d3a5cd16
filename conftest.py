"""Fixtures shared by every test: an agency with the usual people, and a second agency."""

import itertools
import os
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache

from govoa.core.vocabulary import Classification, Role
from govoa.testing.clock import FROZEN_NOW
from govoa.testing.factories import AgencyFactory, DepartmentFactory, PersonFactory, grant


class Cast:
    """The people of one agency, built on demand by the ``people`` fixture."""

    def __init__(self) -> None:
        self.agency = AgencyFactory(
            name="测试市发展和改革委员会", short_name="测试市发改委", doc_code="测发改"
        )
        self.office = DepartmentFactory(agency=self.agency, name="办公室", code="BGS")
        self.planning = DepartmentFactory(agency=self.agency, name="规划处", code="GHC")
        self.energy = DepartmentFactory(agency=self.agency, name="能源处", code="NYC")
        self.staff = PersonFactory(department=self.planning, real_name="规划科员", username="staff")
        self.registrar = PersonFactory(
            department=self.office,
            real_name="收发员",
            username="registrar",
            clearance=Classification.SECRET,
        )
        grant(self.registrar, Role.REGISTRAR)
        self.dept_head = PersonFactory(
            department=self.planning,
            real_name="规划处长",
            username="depthead",
            clearance=Classification.SECRET,
        )
        grant(self.dept_head, Role.DEPT_HEAD, [self.planning])
        self.deputy = PersonFactory(
            department=self.office,
            real_name="分管副主任",
            username="deputy",
            clearance=Classification.HIGHLY_SECRET,
        )
        grant(self.deputy, Role.LEADER_DEPUTY, [self.planning, self.office])
        self.principal = PersonFactory(
            department=self.office,
            real_name="主任",
            username="principal",
            clearance=Classification.TOP_SECRET,
        )
        grant(self.principal, Role.LEADER_PRINCIPAL)
        self.sys_admin = PersonFactory(
            department=self.office, real_name="系统管理员", username="sysadmin"
        )
        grant(self.sys_admin, Role.SYS_ADMIN)
        self.sec_admin = PersonFactory(
            department=self.office, real_name="安全保密管理员", username="secadmin"
        )
        grant(self.sec_admin, Role.SEC_ADMIN)
        self.audit_admin = PersonFactory(
            department=self.office, real_name="安全审计员", username="auditadmin"
        )
        grant(self.audit_admin, Role.AUDIT_ADMIN)


@pytest.fixture
def people(db: None) -> Cast:
    return Cast()


@pytest.fixture
def other_agency_person(db: None):  # type: ignore[no-untyped-def]
    """Someone of another agency: out of scope of everything in ``people``."""
    other = AgencyFactory(name="测试市财政局", short_name="测试市财政局")
    return PersonFactory(
        department=DepartmentFactory(agency=other, name="办公室", code="BGS"),
        username="outsider",
        real_name="外单位人员",
    )


_session_travel = time_machine.travel(FROZEN_NOW, tick=True)


def pytest_configure(config: pytest.Config) -> None:
    """Freeze the clock before anything is imported or migrated (see ``testing/clock.py``)."""
    _session_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _session_travel.stop()


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    """Each test starts at ``FROZEN_NOW``, whatever ran before it."""
    with time_machine.travel(FROZEN_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def empty_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: its rows (and their ids) are rolled back after
    the test before, and the clock goes back to ``FROZEN_NOW``."""
    cache.clear()


_checkpoint_files = itertools.count()


@pytest.fixture(autouse=True)
def audit_checkpoint_file(settings, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Each test signs audit checkpoints into a file of its own: a shared file would keep
    checkpoints of chains its database rolled back, and they would look like a cut chain."""
    path = tmp_path_factory.getbasetemp() / f"audit-checkpoints-{next(_checkpoint_files)}.jsonl"
    settings.GOVOA_AUDIT_CHECKPOINT_FILE = path
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres_only`` skip, saying why, when the suite runs on SQLite."""
    if os.environ.get("GOVOA_TEST_DB", "sqlite") == "postgres":
        return
    skip = pytest.mark.skip(reason="只在 PostgreSQL 上运行（行锁、触发器、真实并发）")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)
