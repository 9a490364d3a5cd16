"""Builders of the templates the modules ship in code (``registry.register_default_template``):
the shapes several modules share, written once. What they build is data like any template —
an administrator may change it later on the template editor."""

from typing import Any

from govoa.flow.definition import node_json


def one_approval(
    name: str,
    role: str,
    *,
    scope: str = "",
    deadline_days: int = 2,
    step: str = "approve",
    verbs: tuple[str, str] = ("批准", "不批准"),
) -> dict[str, Any]:
    """One approval step by the holders of ``role`` (批准/不批准 — or the module's own
    ``verbs`` —, or 转办 to a colleague), then the end. ``step`` is the node's key. Separation
    of duties is part of the template: the one who asked (``@initiator``) never approves
    their own request, whatever roles they hold."""
    return {
        "start": step,
        "nodes": [
            node_json(
                step,
                name,
                "task",
                {"kind": "role", "role": role, "scope": scope},
                deadline_days,
                ["approve", "reject", "forward"],
                [("end", "")],
                {"approve": verbs[0], "reject": verbs[1]},
                differ_from=["@initiator"],
            ),
            node_json("end", "结束", "end", None, None, [], []),
        ],
    }
