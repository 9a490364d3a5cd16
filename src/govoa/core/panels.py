"""Panels a module adds to the workbench (工作台): ``panel(person)`` returns what to show the
person, or None. A lower layer than the modules and ``web``, so none imports another."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PanelLine:
    text: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class WorkbenchPanel:
    title: str
    lines: list[PanelLine] = field(default_factory=list)
    url: str = ""  # the module's page for more
    note: str = ""


PanelSource = Callable[[Any], WorkbenchPanel | None]
_sources: dict[str, PanelSource] = {}


def register_workbench_panel(name: str, source: PanelSource) -> None:
    _sources[name] = source


def workbench_panels(person: Any) -> list[WorkbenchPanel]:
    return [panel for source in _sources.values() if (panel := source(person)) is not None]
