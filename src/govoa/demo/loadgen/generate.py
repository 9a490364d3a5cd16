"""``govoa loadgen``: an agency with years of history, built in bulk (issue 9).

1. The agency, its departments and people (``agency``), in ordinary bulk inserts.
2. Four prototype documents through the real services (``prototypes``).
3. The history, month by month from ``years`` ago: copies of the prototypes (``clone``) and
   the sign-ins of that month, written with COPY (PostgreSQL) or multi-row INSERT, one
   transaction a month. Audit events get their chain links as they are written, continuing
   the chain from its head exactly as the chainer would (ADR 0009), so ``govoa audit-verify``
   passes over the whole log.

The generator takes primary keys itself (the next free ones), so nothing else may write to
the same tables while it runs."""

import datetime
import gc
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from govoa.audit.chain import HASHED_FIELDS, chain_head, chain_pending
from govoa.audit.models import AuditChainLink, AuditEvent
from govoa.core.models import Sequence
from govoa.demo.loadgen import bulk, deferred, digests
from govoa.demo.loadgen.agency import AGENCY_NAME, build_org
from govoa.demo.loadgen.archives import grow_archives
from govoa.demo.loadgen.clone import (
    Copy,
    Counters,
    Plan,
    cleared_classification,
    copy_rows,
    people_map,
    plan,
    timings,
)
from govoa.demo.loadgen.internal import grow_internal_affairs
from govoa.demo.loadgen.meetings import grow_meetings
from govoa.demo.loadgen.prototypes import make_prototypes
from govoa.demo.loadgen.scales import Scale
from govoa.demo.loadgen.supervision import grow_supervision
from govoa.incoming.services.registration import number_for
from govoa.notify.models import Notification
from govoa.org.models import Agency, Person
from govoa.outgoing.models import DocumentCategory

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC

TOPICS = [
    "重点项目谋划储备",
    "固定资产投资统计",
    "价格监测数据报送",
    "营商环境评价",
    "社会信用体系建设",
    "节能降碳目标责任评价考核",
    "重大项目前期工作",
    "优化营商环境专项行动",
    "粮食安全责任制考核",
    "电力迎峰度夏保障",
    "数字经济发展规划编制",
    "县域经济高质量发展",
    "招标投标领域突出问题专项整治",
    "民间投资项目推介",
    "政府投资项目储备库管理",
    "国民经济和社会发展计划执行情况",
    "成品油价格调整",
    "农村人居环境整治",
    "物资储备轮换",
    "对口支援资金使用情况",
    "新型城镇化建设",
    "服务业扩大开放综合试点",
    "清洁能源替代",
    "重点行业产能监测",
    "基础设施领域不动产投资信托基金试点",
    "安全生产大检查",
    "政务信息化项目建设",
    "重要民生商品保供稳价",
    "开发区高质量发展评价",
    "生态保护补偿机制",
]
SOURCES = [
    "某省人民政府办公厅",
    "国家发展和改革委员会办公厅",
    "某省财政厅",
    "某省统计局",
    "某省生态环境厅",
    "某省商务厅",
    "某省住房和城乡建设厅",
    "某省交通运输厅",
    "某省应急管理厅",
    "某省能源局",
]
SOURCE_CODES = [
    "省政办发",
    "发改办",
    "省财",
    "省统",
    "省环",
    "省商",
    "省建",
    "省交",
    "省应急",
    "省能源",
]
LOGIN = "accounts.session.login"


class LoadgenError(Exception):
    pass


@dataclass
class Report:
    scale: str
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    usernames: dict[str, str] = field(default_factory=dict)


def _weekday_start(day: datetime.date, rng: random.Random) -> datetime.datetime:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=day.weekday() - 4)
    minutes = rng.randint(8 * 60 + 30, 16 * 60)
    local = datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), SHANGHAI)
    return local.replace(second=rng.randint(0, 59), microsecond=rng.randint(0, 999_999)).astimezone(
        UTC
    )


@dataclass
class Planned:
    start: datetime.datetime
    module: str
    finished: bool


def _schedule(scale: Scale, rng: random.Random, now: datetime.datetime) -> list[Planned]:
    today = timezone.localdate(now)
    first = today - datetime.timedelta(days=365 * scale.years)
    span = (today - first).days - 30
    planned = []
    for module, finished, n in (
        ("incoming", True, scale.incoming),
        ("outgoing", True, scale.outgoing),
        ("incoming", False, scale.open_incoming),
        ("outgoing", False, scale.open_outgoing),
    ):
        for _ in range(n):
            if finished:
                day = first + datetime.timedelta(days=rng.randrange(span))
            else:
                day = today - datetime.timedelta(days=rng.randint(3, 16))
            planned.append(Planned(_weekday_start(day, rng), module, finished))
    planned.sort(key=lambda p: p.start)
    return planned


def _next_pks(models_: list[type[models.Model]]) -> Counters:
    return Counters({m: (m._default_manager.aggregate(n=Max("pk"))["n"] or 0) + 1 for m in models_})


class Generator:
    def __init__(self, scale: Scale, seed: int, progress: Callable[[str], None]) -> None:
        self.scale = scale
        # Seeded: the same scale gives the same history (not for anything secret).
        self.rng = random.Random(seed)  # noqa: S311
        self.progress = progress
        self.report = Report(scale.name)
        self.hasher = digests.Hasher()
        self._writer: ThreadPoolExecutor | None = None
        self._audit_job: Future[None] | None = None

    def run(self) -> Report:
        began = time.monotonic()
        if Agency.objects.filter(name=AGENCY_NAME).exists():
            raise LoadgenError(f"“{AGENCY_NAME}”已存在：请在空数据库上运行 loadgen。")
        org = build_org(self.scale, self.rng)
        self.org = org
        prototypes = make_prototypes(org)
        self._phase("机构、人员与样板公文", began)
        chain_pending()
        self.plans = {(p.module, p.finished): plan(p) for p in prototypes}
        self.variants = {
            key: timings(pl, self.rng, finished=key[1]) for key, pl in self.plans.items()
        }
        tables = {t.model for pl in self.plans.values() for t in pl.tables}
        self.order = [t.model for t in self.plans[("outgoing", True)].tables]
        self.order += [m for pl in self.plans.values() for m in (t.model for t in pl.tables)]
        self.order = [m for m in dict.fromkeys(self.order) if m is not AuditEvent]
        self.counted: list[type[models.Model]] = [*tables, AuditEvent]
        self.counters = _next_pks(self.counted)
        self.serials = {
            (s.kind, s.year): s.last_value for s in Sequence.objects.filter(agency_id=org.agency.pk)
        }
        category = DocumentCategory.objects.get(agency=org.agency, code="fa")
        self.outgoing_word, self.outgoing_kind = category.word, category.sequence_kind
        self.seq, self.prev = chain_head()
        self.people = [pk for members in org.members.values() for pk in members]
        self.people += list(org.heads.values())
        planned = _schedule(self.scale, self.rng, timezone.now())
        months: dict[tuple[int, int], list[Planned]] = {}
        for item in planned:
            local = item.start.astimezone(SHANGHAI)
            months.setdefault((local.year, local.month), []).append(item)
        first = planned[0].start.astimezone(SHANGHAI).date().replace(day=1)
        month = first
        today = timezone.localdate()
        loaded: list[type[models.Model]] = [*self.order, AuditEvent, AuditChainLink]
        dropped = deferred.drop(loaded)
        # Millions of short-lived row lists, freed by reference counting: the cycle collector
        # would only walk them over and over.
        gc.disable()
        try:
            while month <= today:
                self._month(month, months.get((month.year, month.month), []), today)
                month = (month + datetime.timedelta(days=32)).replace(day=1)
            self._wait_audit()
        finally:
            gc.enable()
            self.hasher.close()
            self._close_writer()
        self._finish()
        self._phase("历史数据写入", began)
        deferred.restore(dropped, self.progress)
        deferred.analyze(loaded)
        self._phase("统计信息（VACUUM ANALYZE）", began)
        # 督办 after the copies: its open tasks go through the services, which take their
        # own keys (the generator's are reset by now).
        grown = grow_supervision(self.org, self.scale, self.rng, TOPICS)
        grown |= grow_internal_affairs(self.org, self.scale, self.rng)
        for label, n in grow_meetings(self.org, self.scale, self.rng, TOPICS).items():
            grown[label] = grown.get(label, 0) + n
        grown |= grow_archives(self.org)  # last: it files the past years' finished documents
        for label, n in grown.items():
            self.report.rows[label] = self.report.rows.get(label, 0) + n
        chain_pending()
        self._phase("督办、用品、会议与档案", began)
        deferred.analyze_everything()
        self._phase("全库统计信息", began)
        self.report.seconds = time.monotonic() - began
        return self.report

    def _phase(self, label: str, began: float) -> None:
        self.progress(f"[{time.monotonic() - began:.0f} 秒] {label}完成")

    def extend(self, incoming: int, outgoing: int) -> None:
        """More finished history in the last days, after ``run`` (tests that compare a
        page's cost before and after its history grew)."""
        now = timezone.now()
        today = timezone.localdate(now)
        # The services (督办's open tasks) took keys and chained events after the copies.
        self.counters = _next_pks(self.counted)
        self.seq, self.prev = chain_head()
        planned = [
            Planned(_weekday_start(today - datetime.timedelta(days=40), self.rng), module, True)
            for module, n in (("incoming", incoming), ("outgoing", outgoing))
            for _ in range(n)
        ]
        self._month(today.replace(day=1), sorted(planned, key=lambda p: p.start), today)
        self._finish()

    def _copy(self, item: Planned) -> tuple[Plan, Copy, dict[int, int], dict[int, int]]:
        org, rng = self.org, self.rng
        p = self.plans[(item.module, item.finished)]
        first, second = rng.sample(org.business, 2)
        year = item.start.astimezone(SHANGHAI).year
        topic = rng.choice(TOPICS)
        texts: dict[str, str] = {}
        serial = 0
        if item.module == "incoming":
            kind = "incoming"
            serial = self.serials.get((kind, year), 0) + 1
            self.serials[(kind, year)] = serial
            source = rng.randrange(len(SOURCES))
            texts = {
                "title": f"关于做好{year}年{topic}工作的通知",
                "number": number_for(year, serial),
                "source_org": SOURCES[source],
                "source_number": f"{SOURCE_CODES[source]}〔{year}〕{rng.randint(1, 300)}号",
            }
        else:
            texts = {"title": f"某省发展和改革委员会关于做好{year}年{topic}工作的通知"}
            if item.finished:
                kind = self.outgoing_kind
                serial = self.serials.get((kind, year), 0) + 1
                self.serials[(kind, year)] = serial
                texts["number"] = f"{self.outgoing_word}〔{year}〕{serial}号"
        draw = rng.random()
        wanted = 0 if draw < 0.7 else 1 if draw < 0.9 else 2
        copy = Copy(
            start=item.start,
            finished=item.finished,
            department=first,
            second_department=second,
            offset=rng.randrange(64),
            classification=0,
            year=year,
            serial=serial,
            texts={k: texts.get(k, v) for k, v in p.prototype.texts.items()},
            variant=rng.randrange(len(self.variants[(item.module, item.finished)])),
        )
        mapping = people_map(p, org, copy)
        copy.classification = cleared_classification(p, org, wanted, mapping)
        departments = {org.business[0]: first, org.business[1]: second}
        return p, copy, mapping, departments

    def _month(self, month: datetime.date, items: list[Planned], today: datetime.date) -> None:
        out: dict[type[models.Model], list[list[Any]]] = {}
        names = self.org.names
        for item in items:
            p, copy, mapping, departments = self._copy(item)
            offsets = self.variants[(item.module, item.finished)][copy.variant]

            def touch(
                model: type[models.Model], row: list[Any], finished: bool = copy.finished
            ) -> None:
                if model is AuditEvent:
                    row[4] = names.get(row[3], row[4])  # actor_name of actor_id
                elif model is Notification and finished and row[-1] is None:
                    row[-1] = row[-2]  # read_at: read when it came

            copy_rows(p, copy, mapping, departments, offsets, self.counters, out, touch)
        out.setdefault(AuditEvent, []).extend(self._logins(month, today))
        self._write(out)
        self.report.documents += len(items)
        self.progress(f"{month:%Y-%m}：{len(items)} 份公文，累计 {self.report.documents}")

    def _logins(self, month: datetime.date, today: datetime.date) -> list[list[Any]]:
        rng, org = self.rng, self.org
        rows = []
        day = month
        per_day = int(len(self.people) * self.scale.logins_per_day)
        while day.month == month.month and day < today:
            if day.weekday() < 5:
                for pk in rng.choices(self.people, k=per_day):
                    minutes = rng.randint(7 * 60 + 30, 9 * 60 + 30)
                    at = datetime.datetime.combine(
                        day,
                        datetime.time(minutes // 60, minutes % 60, rng.randint(0, 59)),
                        SHANGHAI,
                    ).astimezone(UTC)
                    name = org.names[pk]
                    rows.append(
                        [
                            0,
                            at,
                            org.agency.pk,
                            pk,
                            name,
                            f"10.20.{pk // 250}.{pk % 250 + 1}",
                            LOGIN,
                            "org.person",
                            str(pk),
                            name,
                            "success",
                            "{}",
                        ]
                    )
            day += datetime.timedelta(days=1)
        rows.sort(key=lambda r: r[1])  # type: ignore[arg-type,return-value]  # datetimes
        base = self.counters.take(AuditEvent, len(rows))
        for i, row in enumerate(rows):
            row[0] = base + i
        return rows

    def _links(self, events: list[list[Any]], digests_: list[str]) -> list[list[Any]]:
        """Chain links for ``events`` (in key order), continuing from the head."""
        now = timezone.now()
        hashes = digests.link_hashes(self.prev, digests_)
        links = []
        for row, current in zip(events, hashes, strict=True):
            self.seq += 1
            links.append([self.seq, row[0], self.prev, current, now])
            self.prev = current
        return links

    def _write(self, out: dict[type[models.Model], list[list[Any]]]) -> None:
        events = sorted(out.pop(AuditEvent, []), key=lambda r: r[0])
        pending = self.hasher.submit(events)  # hashed while the other rows are written
        # A large month's audit rows (two thirds of all rows) go through a second connection
        # in a thread, so that two PostgreSQL backends take the rows at once. Never inside a
        # surrounding transaction (a test's): its rows must stay in it.
        apart = (
            connection.vendor == "postgresql"
            and not connection.in_atomic_block
            and len(events) >= digests.POOL_THRESHOLD
        )
        with transaction.atomic():
            _fast_commit()
            for model in self.order:
                self._count(model, bulk.write(model, out.get(model, [])))
            links = self._links(events, self.hasher.result(pending))
            if not apart:
                bulk.write(AuditEvent, events)
                bulk.write(AuditChainLink, links)
        if apart:
            self._wait_audit()
            self._audit_job = self._audit_writer().submit(_write_audit, events, links)
        self._count(AuditEvent, len(events))
        self._count(AuditChainLink, len(links))

    def _audit_writer(self) -> ThreadPoolExecutor:
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="loadgen-audit")
        return self._writer

    def _wait_audit(self) -> None:
        if self._audit_job is not None:
            self._audit_job.result()  # its error, if any, stops the build here
            self._audit_job = None

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._wait_audit()
            self._writer.submit(_close_connection).result()
            self._writer.shutdown()
            self._writer = None

    def _count(self, model: type[models.Model], n: int) -> None:
        label = model._meta.label
        self.report.rows[label] = self.report.rows.get(label, 0) + n

    def _finish(self) -> None:
        with transaction.atomic():
            for (kind, year), last in self.serials.items():
                Sequence.objects.update_or_create(
                    agency_id=self.org.agency.pk,
                    kind=kind,
                    year=year,
                    defaults={"last_value": last},
                )
            bulk.reset_sequences([*self.order, AuditEvent])
        org = self.org
        first = org.business[0]
        usernames = dict(
            Person.objects.filter(
                pk__in=[
                    org.registrars[0],
                    org.office_head,
                    org.principal,
                    org.heads[first],
                    org.members[first][0],
                    org.deputy_for(first),
                ]
            ).values_list("pk", "username")
        )
        self.report.usernames = {
            "收发员": usernames[org.registrars[0]],
            "办公室主任": usernames[org.office_head],
            "主要领导": usernames[org.principal],
            "分管领导": usernames[org.deputy_for(first)],
            "处室负责人": usernames[org.heads[first]],
            "科员": usernames[org.members[first][0]],
        }


def _fast_commit() -> None:
    if connection.vendor == "postgresql":
        # A crash leaves a half-built database to drop anyway: no need to wait for the disk
        # at each month's commit.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO off")


def _close_connection() -> None:
    connection.close()  # the writer thread's own


def _write_audit(events: list[list[Any]], links: list[list[Any]]) -> None:
    """In the writer thread, on its own connection."""
    with transaction.atomic():
        _fast_commit()
        bulk.write(AuditEvent, events)
        bulk.write(AuditChainLink, links)


# The rows of audit events are hashed as they are written: their columns must be the hashed
# fields in the hashed order.
assert tuple(f.attname for f in AuditEvent._meta.concrete_fields) == HASHED_FIELDS


def generate(scale: Scale, *, seed: int = 2026, progress: Callable[[str], None] = print) -> Report:
    return Generator(scale, seed, progress).run()
