"""The flow benchmark (issue 23): through the API, a drafter creates and submits a 发文 (通知),
and three approvers each find their item and approve it — 审核 (dept_review), 核稿
(office_review), 审签 (leader_sign) — with 1 and 4 clients; then approve-only load with 4
clients. Runs in the harness process with Django set up on the flow database."""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from govoa.demo.data import COMMISSION
from govoa.demo.outgoing import BODY
from govoa.flow.models import WorkItem
from govoa.flow.workflow import ItemStatus
from govoa.org.models import Agency
from govoa.outgoing.flows import OFFICE_REVIEW_CHECKLIST
from govoa.outgoing.models import DocumentCategory
from govoa.outgoing.policies import SUBJECT_TYPE
from tests.bench.http.load import BenchError, Timings, api_token, run_clients, timed
from tests.bench.http.people import set_passwords

STEPS = ("dept_review", "office_review", "leader_sign")  # 审核 → 核稿 → 审签
TICKED = list(OFFICE_REVIEW_CHECKLIST["items"])
DRAFTER = "guojun"  # the demo's 拟稿人 of 综合规划处


@dataclass
class FlowCast:
    base: str
    category_id: int
    tokens: dict[str, str]  # username → API token
    approvers: dict[str, str] = field(default_factory=dict)  # node → username

    def headers(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[username]}"}


CALLS = ("create", "submit", "find", "act")


class FlowClient:
    def __init__(self, cast: FlowCast):
        self.cast = cast
        self.http = requests.Session()
        self.timings = {name: Timings() for name in CALLS}

    def _post(
        self, call: str, username: str, path: str, body: dict[str, Any], expect: int = 200
    ) -> Any:
        url = self.cast.base + path
        answer = timed(
            lambda: self.http.post(
                url, json=body, headers=self.cast.headers(username), timeout=120
            ),
            self.timings[call],
            expect,
        )
        if answer is None:
            raise BenchError(f"{call} failed: {self.timings[call].errors[-1]}")
        return answer.json()

    def create(self, title: str) -> int:
        body = {
            "category_id": self.cast.category_id,
            "doc_type": "notice",
            "title": title,
            "recipients": "各区县发展改革局、市直各有关部门",
            "body": BODY,
        }
        return int(self._post("create", DRAFTER, "/api/v1/outgoing-documents", body, 201)["id"])

    def submit(self, document_id: int) -> Any:
        return self._post(
            "submit",
            DRAFTER,
            f"/api/v1/outgoing-documents/{document_id}/submit",
            {"opinion": "请审核"},
        )

    def find(self, username: str, document_id: int, title: str, answer: Any) -> int:
        """The id of the approver's open item on the document: named by the previous call's
        ``next_items`` where the API gives them, else asked of the approver's inbox with the
        subject filter (``?subject=outgoing:<id>``), page by page where the API has no such
        filter and ignores it."""
        for item in (answer or {}).get("next_items") or []:
            return int(item["id"])
        base = (
            f"{self.cast.base}/api/v1/work-items?state=open&module=outgoing"
            f"&subject=outgoing:{document_id}&page_size=100"
        )
        for page in range(1, 1000):
            listed = timed(
                lambda page=page: self.http.get(
                    f"{base}&page={page}", headers=self.cast.headers(username), timeout=120
                ),
                self.timings["find"],
            )
            if listed is None:
                raise BenchError(f"find failed: {self.timings['find'].errors[-1]}")
            items = listed.json()["items"]
            for item in items:
                if item["subject"]["title"] == title:
                    return int(item["id"])
            if len(items) < 100:
                break
        raise BenchError(f"no open item of {title} for {username}")

    def act(self, username: str, item_id: int) -> Any:
        return self._post(
            "act",
            username,
            f"/api/v1/work-items/{item_id}/act",
            # 核稿's 办文三性 list, ticked through (a node without a list ignores it).
            {"action": "approve", "opinion": "同意", "checklist": TICKED},
        )

    def flow(self, tag: str) -> None:
        title = f"关于开展基准测试工作（{tag}）的通知"
        document_id = self.create(title)
        answer = self.submit(document_id)
        for node in STEPS:
            username = self.cast.approvers[node]
            answer = self.act(username, self.find(username, document_id, title, answer))


def flow_cast(base: str) -> FlowCast:
    agency = Agency.objects.get(name=COMMISSION.name)
    category = DocumentCategory.objects.get(agency=agency, code="fa")
    return FlowCast(base=base, category_id=category.pk, tokens={})


def discover_approvers(cast: FlowCast) -> None:
    """One flow walked by the harness: who holds each of the three steps (their items are
    routed by the template, so this asks the database rather than guessing)."""
    set_passwords({DRAFTER})
    cast.tokens[DRAFTER] = api_token(cast.base, DRAFTER)
    client = FlowClient(cast)
    title = f"关于确定审批人员（{uuid.uuid4().hex[:8]}）的通知"
    document_id = client.create(title)
    client.submit(document_id)
    for node in STEPS:
        item = _open_item(document_id, node)
        username = item.assignee.username
        if username not in cast.tokens:
            set_passwords({username})
            cast.tokens[username] = api_token(cast.base, username)
        cast.approvers[node] = username
        client.act(username, item.pk)


def _open_item(document_id: int, node: str) -> WorkItem:
    for _ in range(50):
        item = (
            WorkItem.objects.select_related("assignee")
            .filter(
                instance__subject_type=SUBJECT_TYPE,
                instance__subject_id=document_id,
                node_key=node,
                status=ItemStatus.OPEN,
            )
            .first()
        )
        if item is not None:
            return item
        time.sleep(0.1)
    raise BenchError(f"no open {node} item on document {document_id}")


@dataclass
class FlowTotals:
    """Flow runs of one kind (audit-log size, clients) added up over the rounds."""

    clients: int
    audit_events: int = 0
    flows: int = 0
    seconds: float = 0.0
    rounds: list[float] = field(default_factory=list)  # flows/s of each round
    errors: list[str] = field(default_factory=list)
    calls: dict[str, Timings] = field(default_factory=lambda: {n: Timings() for n in CALLS})

    def summary(self) -> dict[str, Any]:
        acts = len(self.calls["act"].ms)
        return {
            "clients": self.clients,
            "audit_events": self.audit_events,
            "flows": self.flows,
            "seconds": round(self.seconds, 1),
            "flows_per_s": round(self.flows / self.seconds, 2) if self.seconds else 0,
            "acts_per_s": round(acts / self.seconds, 1) if self.seconds else 0,
            "round_flows_per_s": [round(x, 2) for x in self.rounds],
            "errors": self.errors[:5],
            "calls": {name: self.calls[name].summary() for name in CALLS},
        }


def run_flows(cast: FlowCast, totals: FlowTotals, flows_per_client: int, seconds: float) -> None:
    """One round: ``totals.clients`` clients each run ``flows_per_client`` flows."""
    clients = totals.clients
    per_client = [FlowClient(cast) for _ in range(clients)]
    done = [0] * clients
    run = uuid.uuid4().hex[:6]

    def work(index: int, timings: Timings, more: Callable[[], bool]) -> None:
        for n in range(flows_per_client):
            if not more():
                break
            per_client[index].flow(f"{run}-{index}-{n}")
            done[index] += 1

    total = run_clients(clients, work, seconds=seconds)
    totals.flows += sum(done)
    totals.seconds += total.elapsed
    totals.rounds.append(sum(done) / total.elapsed)
    totals.errors += total.errors
    for client in per_client:
        for name in CALLS:
            totals.calls[name].add(client.timings[name])
            totals.errors += client.timings[name].errors


def run_approve_only(
    cast: FlowCast, clients: int, per_client: int, seconds: float
) -> dict[str, Any]:
    """Approve-only load: documents submitted beforehand (not timed), then ``clients`` clients
    approve the first step of their share as fast as they can."""
    prep = FlowClient(cast)
    run = uuid.uuid4().hex[:6]
    ids = []
    for n in range(clients * per_client):
        document_id = prep.create(f"关于审批吞吐测试（{run}-{n}）的通知")
        prep.submit(document_id)
        ids.append(document_id)
    items = list(
        WorkItem.objects.filter(
            instance__subject_type=SUBJECT_TYPE,
            instance__subject_id__in=ids,
            node_key=STEPS[0],
            status=ItemStatus.OPEN,
        ).values_list("pk", "assignee__username")
    )
    shares = [items[i::clients] for i in range(clients)]
    actors = [FlowClient(cast) for _ in range(clients)]

    def work(index: int, timings: Timings, more: Callable[[], bool]) -> None:
        for item_id, username in shares[index]:
            if not more():
                break
            actors[index].act(username, item_id)

    total = run_clients(clients, work, seconds=seconds)
    acts = Timings()
    for actor in actors:
        acts.add(actor.timings["act"])
    acts.elapsed = total.elapsed
    return {"clients": clients, **acts.summary(), "acts_per_s": acts.summary()["rps"]}
