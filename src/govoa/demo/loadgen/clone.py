"""Copies of a prototype's rows for one more document: new keys, the people of another
department, another moment in the history, another title, number and 密级.

What a copy changes, column by column (decided once per prototype, applied per copy):
- primary keys: the next free ones of each table; foreign keys to a copied table follow;
- people of the first two business departments → the same places in two other departments
  (the head to the head, members shifted by a random offset), the deputy who covers the
  first → the deputy who covers its replacement; agency-wide officers stay who they are;
- every moment: the prototype's moments in order, re-spaced from the copy's start (acts in
  one transaction stay milliseconds apart, acts of different people hours or days apart);
  dates move with the start;
- ``title``, ``number``, and ids inside links (``/incoming/<pk>/``, ``/flow/items/<pk>/``)
  wherever they occur in text, links and JSON; ``classification`` everywhere;
- ``year``/``serial`` of the document (and the 发文's ``register_year`` from them and its
  moment); idempotency keys cleared.
Ids inside JSON details (e.g. an audit event's ``instance``) keep the prototype's value."""

import datetime
import itertools
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from govoa.core import search
from govoa.demo.loadgen.agency import Org
from govoa.demo.loadgen.prototypes import Prototype
from govoa.flow.models import FlowInstance, WorkItem
from govoa.incoming.models import IncomingDocument
from govoa.org.models import Department, Person
from govoa.outgoing.models import OutgoingDocument

LINKS = {
    "incoming": IncomingDocument,
    "outgoing": OutgoingDocument,
    "flow/items": WorkItem,
}
LINK_RE = re.compile(r"/(incoming|outgoing|flow/items)/(\d+)/")
TEXT_FIELDS = (models.CharField, models.TextField)


@dataclass
class Copy:
    """What one copy is: its start, places, people and text."""

    start: datetime.datetime
    finished: bool
    department: int
    second_department: int
    offset: int
    classification: int
    year: int
    serial: int
    texts: dict[str, str]  # the same keys as the prototype's
    variant: int


@dataclass
class Column:
    index: int
    kind: str
    target: type[models.Model] | None = None


@dataclass
class TablePlan:
    model: type[models.Model]
    columns: list[str]
    rows: list[list[Any]]  # prototype rows, moments replaced by their rank
    specials: list[Column]
    # (row, column) → a str.format template of the text with {title} {number} {link0} …
    templates: dict[tuple[int, int], tuple[str, list[tuple[type[models.Model], int]]]]
    # The ``search_text`` column and the columns it is made from (``core.search``).
    search: tuple[int, list[int]] | None = None
    # The 发文's ``register_year`` column and its ``year`` and ``created_at`` (ADR 0019).
    register: tuple[int, int, int] | None = None


@dataclass
class Plan:
    prototype: Prototype
    tables: list[TablePlan]
    index: dict[type[models.Model], dict[int, int]]  # prototype pk → position in its table
    moments: int
    gaps: list[float]  # seconds between consecutive prototype moments
    people: set[int] = field(default_factory=set)
    start_date: datetime.date | None = None


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _template(
    text: str, prototype: Prototype, index: dict[type[models.Model], dict[int, int]]
) -> tuple[str, list[tuple[type[models.Model], int]]] | None:
    links: list[tuple[type[models.Model], int]] = []
    found = [(key, value) for key, value in prototype.texts.items() if value and value in text]

    def link(match: re.Match[str]) -> str:
        model = LINKS[match.group(1)]
        pk = int(match.group(2))
        if pk not in index.get(model, {}):
            return match.group(0)
        links.append((model, pk))
        return f"/{match.group(1)}/{{link{len(links) - 1}}}/"

    if not (found or LINK_RE.search(text)):
        return None
    escaped = LINK_RE.sub(link, _escape(text))
    for key, value in sorted(found, key=lambda kv: -len(kv[1])):
        escaped = escaped.replace(_escape(value), f"{{{key}}}")
    return escaped, links


def _kind(model: type[models.Model], f: models.Field, captured: set[type[models.Model]]) -> str:
    if f.primary_key:
        return "pk"
    if isinstance(f, models.ForeignKey):
        target = f.related_model
        if target in captured:
            return "fk"
        if target is Person:
            return "person"
        if target is Department:
            return "department"
        return "plain"
    if f.name == "classification":
        return "classification"
    if f.name in ("year", "serial") and model in (IncomingDocument, OutgoingDocument):
        return f.name
    if f.name == "idempotency_key":
        return "blank"
    if f.name == "exchange_id":
        return "none"
    if model in (FlowInstance, WorkItem) and f.name == "subject_id":
        return "subject"
    if f.name == "object_id" and model._meta.label == "audit.AuditEvent":
        return "object"
    if isinstance(f, models.DateTimeField):
        return "moment"
    if isinstance(f, models.DateField):
        return "date"
    if isinstance(f, models.JSONField):
        return "json"
    if isinstance(f, TEXT_FIELDS):
        return "text"
    return "plain"


def plan(prototype: Prototype) -> Plan:
    captured = set(prototype.rows)
    index = {
        model: {row["id"]: i for i, row in enumerate(rows)}
        for model, rows in prototype.rows.items()
    }
    moments: set[datetime.datetime] = set()
    for model, rows in prototype.rows.items():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField):
                moments |= {row[f.attname] for row in rows if row[f.attname] is not None}
    ordered = sorted(moments)
    rank = {moment: i for i, moment in enumerate(ordered)}
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(ordered)]
    result = Plan(prototype, [], index, len(ordered), gaps, start_date=ordered[0].date())
    for model, rows in prototype.rows.items():
        fields_ = list(model._meta.concrete_fields)
        columns = [f.attname for f in fields_]
        specials = []
        for i, f in enumerate(fields_):
            kind = _kind(model, f, captured)
            if kind == "person":
                result.people |= {row[f.attname] for row in rows if row[f.attname]}
            if kind != "plain":
                target = f.related_model if kind == "fk" else None
                specials.append(Column(i, kind, target))
        table = TablePlan(model, columns, [], [], {})
        if "search_text" in columns:
            sources = getattr(model, "SEARCH_FIELDS", ())
            table.search = (columns.index("search_text"), [columns.index(f) for f in sources])
        if model is OutgoingDocument:
            at = columns.index
            table.register = (at("register_year"), at("year"), at("created_at"))
        for r, row in enumerate(rows):
            values = [row[c] for c in columns]
            for column in specials:
                value = values[column.index]
                if column.kind == "moment" and value is not None:
                    values[column.index] = rank[value]
                elif column.kind in ("text", "json") and value is not None:
                    text = (
                        value
                        if column.kind == "text"
                        else json.dumps(
                            value,
                            cls=DjangoJSONEncoder,
                            ensure_ascii=False,
                            sort_keys=True,
                            separators=(",", ":"),
                        )
                    )
                    values[column.index] = text
                    template = _template(text, prototype, index)
                    if template is not None:
                        table.templates[(r, column.index)] = template
            table.rows.append(values)
        table.specials = [
            c
            for c in specials
            if c.kind not in ("text",)
            or any((r, c.index) in table.templates for r in range(len(rows)))
        ]
        result.tables.append(table)
    return result


def timings(p: Plan, rng: random.Random, *, finished: bool, count: int = 24) -> list[list[float]]:
    """Offsets (seconds from the start) of every prototype moment, ``count`` variants: a gap
    under a second stays short; a longer one (another act) becomes minutes to days — hours
    at most while the document is still open, so that it is not in the future."""
    variants = []
    for _ in range(count):
        offsets, at = [0.0], 0.0
        for gap in p.gaps:
            if gap < 1:
                at += rng.uniform(0.005, 0.2)
            elif finished:
                at += rng.choice((rng.uniform(300, 7200), rng.uniform(3600, 3 * 86400)))
            else:
                at += rng.uniform(300, 4 * 3600)
            offsets.append(at)
        # A finished flow takes three weeks at most (its copies start a month ago or earlier,
        # so none ends in the future).
        longest = 21 * 86400 if finished else 2 * 86400
        if at > longest:
            offsets = [o * longest / at for o in offsets]
        variants.append(offsets)
    return variants


@dataclass
class Counters:
    """The next free primary key of each table."""

    next_pk: dict[type[models.Model], int]

    def take(self, model: type[models.Model], n: int) -> int:
        base = self.next_pk[model]
        self.next_pk[model] = base + n
        return base


def people_map(p: Plan, org: Org, copy: Copy) -> dict[int, int]:
    mapping: dict[int, int] = {}
    proto_first, proto_second = org.business[0], org.business[1]
    for proto_dept, dept in (
        (proto_first, copy.department),
        (proto_second, copy.second_department),
    ):
        mapping[org.heads[proto_dept]] = org.heads[dept]
        members, targets = org.members[proto_dept], org.members[dept]
        for i, pk in enumerate(members):
            mapping[pk] = targets[(i + copy.offset) % len(targets)]
    mapping[org.deputy_for(proto_first)] = org.deputy_for(copy.department)
    return mapping


def cleared_classification(p: Plan, org: Org, wanted: int, mapping: dict[int, int]) -> int:
    """The wanted 密级, lowered to what every person of the copy is cleared for."""
    return min([wanted, *(org.clearance.get(mapping.get(pk, pk), 0) for pk in p.people)])


def copy_rows(
    p: Plan,
    copy: Copy,
    mapping: dict[int, int],
    departments: dict[int, int],
    offsets: list[float],
    counters: Counters,
    out: dict[type[models.Model], list[list[Any]]],
    on_row: Callable[[type[models.Model], list[Any]], None] | None = None,
) -> None:
    """Append the copy's rows of every table to ``out``."""
    base = {t.model: counters.take(t.model, len(t.rows)) for t in p.tables}
    moments = [copy.start + datetime.timedelta(seconds=s) for s in offsets]
    day_shift = copy.start.date() - p.start_date if p.start_date else datetime.timedelta()
    subject_model = IncomingDocument if p.prototype.module == "incoming" else OutgoingDocument

    def new_pk(model: type[models.Model], old: int) -> int:
        position = p.index.get(model, {}).get(old)
        return old if position is None else base[model] + position

    labels = {m._meta.label_lower: m for m in p.index}
    for table in p.tables:
        rows = out.setdefault(table.model, [])
        for r, proto in enumerate(table.rows):
            row = list(proto)
            for c in table.specials:
                value = row[c.index]
                kind = c.kind
                if kind == "pk":
                    row[c.index] = base[table.model] + r
                elif value is None:
                    continue
                elif kind == "fk":
                    row[c.index] = new_pk(c.target, value)  # type: ignore[arg-type]
                elif kind == "person":
                    row[c.index] = mapping.get(value, value)
                elif kind == "department":
                    row[c.index] = departments.get(value, value)
                elif kind == "moment":
                    row[c.index] = moments[value]
                elif kind == "date":
                    row[c.index] = value + day_shift
                elif kind == "classification":
                    row[c.index] = copy.classification
                elif kind == "year":
                    row[c.index] = copy.year
                elif kind == "serial":
                    row[c.index] = copy.serial
                elif kind == "blank":
                    row[c.index] = ""
                elif kind == "none":
                    row[c.index] = None
                elif kind == "subject":
                    row[c.index] = new_pk(subject_model, value)
                elif kind == "object":  # object_type is the column before object_id
                    model = labels.get(row[c.index - 1])
                    if model is not None and value.isdigit():
                        row[c.index] = str(new_pk(model, int(value)))
                elif kind in ("text", "json"):
                    template = table.templates.get((r, c.index))
                    if template is not None:
                        text, links = template
                        row[c.index] = text.format(
                            **copy.texts,
                            **{f"link{i}": new_pk(m, pk) for i, (m, pk) in enumerate(links)},
                        )
            if table.search is not None:
                column, sources = table.search
                row[column] = search.index_text(row[i] for i in sources)
            if table.register is not None:
                column, year, created_at = table.register
                row[column] = OutgoingDocument.register_year_of(row[year], row[created_at])
            if on_row is not None:
                on_row(table.model, row)
            rows.append(row)
