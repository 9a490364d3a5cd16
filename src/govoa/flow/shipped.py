"""Builders of the templates the modules ship in code (``registry.register_default_template``):
the shapes several modules share, written once. What they build is data like any template —
an administrator may change it later on the template editor."""

from typing import Any

from govoa.flow.definition import node_json


def one_approval(
    name: str, role: str, *, scope: str = "", deadline_days: int = 2
) -> dict[str, Any]:
    """One approval step by the holders of ``role`` (批准/不批准, or 转办 to a colleague), then
    the end. Separation of duties is part of the template: the one who asked (``@initiator``)
    never approves their own request, whatever roles they hold."""
    return {
        "start": "approve",
        "nodes": [
            node_json(
                "approve",
                name,
                "task",
                {"kind": "role", "role": role, "scope": scope},
                deadline_days,
                ["approve", "reject", "forward"],
                [("end", "")],
                {"approve": "批准", "reject": "不批准"},
                differ_from=["@initiator"],
            ),
            node_json("end", "结束", "end", None, None, [], []),
        ],
    }
