"""The flow diagram as SVG, drawn on the server (no script, no external asset)."""

from html import escape

from govoa.flow.definition import Definition
from govoa.flow.registry import predicates_for
from govoa.flow.workflow import NodeKind

BOX_W, BOX_H, GAP, LEFT, TOP = 220, 54, 40, 150, 24
KIND_LABEL = {
    NodeKind.TASK: "办理",
    NodeKind.PARALLEL: "并行（全部办理）",
    NodeKind.NOTICE: "知会（不阻塞）",
    NodeKind.END: "",
}


def render_svg(definition: Definition, subject_type: str) -> str:
    labels = {name: p.label for name, p in predicates_for(subject_type).items()}
    index = {node.key: i for i, node in enumerate(definition.nodes)}
    height = TOP * 2 + len(definition.nodes) * (BOX_H + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 {height}" '
        f'width="640" height="{height}" role="img" aria-label="流程图" '
        'font-family="sans-serif" font-size="13">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]

    def top(i: int) -> int:
        return TOP + i * (BOX_H + GAP)

    side = {"right": 0, "left": 0}  # edges already drawn on each side, to space them
    for i, node in enumerate(definition.nodes):
        for transition in node.transitions:
            if transition.to not in index:
                continue
            j = index[transition.to]
            label = escape(labels.get(transition.when, transition.when)) if transition.when else ""
            x_mid = LEFT + BOX_W / 2
            if j == i + 1:
                y_from, y_to = top(i) + BOX_H, top(j)
                parts.append(
                    f'<line x1="{x_mid}" y1="{y_from}" x2="{x_mid}" y2="{y_to}" stroke="#555" '
                    'marker-end="url(#arrow)"/>'
                )
                if label:
                    parts.append(
                        f'<text x="{x_mid + 6}" y="{(y_from + y_to) / 2 + 4}" fill="#1f5fa8">'
                        f"{label}</text>"
                    )
                continue
            forward = j > i
            which = "right" if forward else "left"
            side[which] += 1
            offset = 18 * side[which]
            x_edge: float = LEFT + BOX_W if forward else LEFT
            x_out = x_edge + offset if forward else x_edge - offset
            y1, y2 = top(i) + BOX_H / 2, top(j) + BOX_H / 2
            parts.append(
                f'<path d="M{x_edge},{y1} H{x_out} V{y2} H{x_edge}" fill="none" stroke="#555" '
                f'stroke-dasharray="{"" if forward else "4 3"}" marker-end="url(#arrow)"/>'
            )
            if label:
                anchor = "start" if forward else "end"
                x_text = x_out + 4 if forward else x_out - 4
                parts.append(
                    f'<text x="{x_text}" y="{(y1 + y2) / 2}" text-anchor="{anchor}" '
                    f'fill="#1f5fa8">{label}</text>'
                )
    for i, node in enumerate(definition.nodes):
        y = top(i)
        if node.kind == NodeKind.END:
            parts.append(
                f'<ellipse cx="{LEFT + BOX_W / 2}" cy="{y + BOX_H / 2}" rx="60" '
                f'ry="{BOX_H / 2 - 6}" fill="#eee" stroke="#555"/>'
            )
        else:
            dash = ' stroke-dasharray="5 3"' if node.kind == NodeKind.NOTICE else ""
            width = 2.5 if node.kind == NodeKind.PARALLEL else 1.2
            stroke = "#b4232a" if node.key == definition.start else "#555"
            parts.append(
                f'<rect x="{LEFT}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
                f'fill="#fff" stroke="{stroke}" stroke-width="{width}"{dash}/>'
            )
        parts.append(
            f'<text x="{LEFT + BOX_W / 2}" y="{y + 22}" text-anchor="middle" '
            f'font-weight="bold">{escape(node.name)}</text>'
        )
        detail = KIND_LABEL.get(NodeKind(node.kind), "")
        if node.deadline_days is not None and node.kind != NodeKind.END:
            detail += f" · {node.deadline_days} 个工作日"
        if detail:
            parts.append(
                f'<text x="{LEFT + BOX_W / 2}" y="{y + 40}" text-anchor="middle" '
                f'fill="#6b7280">{escape(detail)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
