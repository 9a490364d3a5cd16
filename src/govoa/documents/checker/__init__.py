"""核稿助手: the format checker of outgoing documents (issue 5).

``check(CheckInput(...))`` lists each problem of a 公文 with its place, a Chinese message and
the clause of 《党政机关公文处理工作条例》 or GB/T 9704-2012 it comes from. It runs when a
drafter submits and at 核稿. Pure Python: no database access.

Each rule is one small function in the module of its area, registered with
``@register(...)``; ``RULES`` lists them all for documentation and the UI. See
docs/apps/documents-checker.md.
"""

# The rule modules register their rules on import.
from govoa.documents.checker import (  # noqa: F401
    attachments,
    body,
    citations,
    dates,
    header,
    joint,
    numbering,
    recipients,
    signature,
    title,
    typography,
)
from govoa.documents.checker.registry import registered_rules, run
from govoa.documents.checker.types import CheckInput, Finding, Rule, Severity, Stage

__all__ = ["RULES", "CheckInput", "Finding", "Rule", "Severity", "Stage", "check"]

RULES: tuple[Rule, ...] = registered_rules()


def check(input: CheckInput) -> list[Finding]:
    """Every finding, errors and warnings, in the order of the areas on the page."""
    return list(run(input))
