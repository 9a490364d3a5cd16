"""The benchmark's results as the Markdown tables of docs/performance.md."""

import os
import platform
from typing import Any


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_before": [round(x, 2) for x in load],
    }


def _ms(value: Any) -> str:
    return "–" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"### {results['label']} — {results['when']}",
        "",
        f"{results['workers']} 个 Web 服务进程 × {results['threads']} 个线程，"
        f"Redis：{'是' if results['redis'] else '否'}；机器：{results['machine']['cpus']} 核，"
        f"开始时负载 {results['machine']['load_before']}（共用机器）。",
        "",
    ]
    pages = results.get("pages")
    if pages:
        levels = [k for k in pages["pages"][0] if k.isdigit()]
        head = " | ".join(f"{n} 个客户端 p50 / p95 / p99" for n in levels)
        lines += [
            f"| 页面或接口 | 身份 | {head} | SQL 条数 | SQL 用时 | 极限比 |",
            "|---|---|" + "---|" * len(levels) + "---|---|---|",
        ]
        for row in pages["pages"]:
            cells = " | ".join(
                f"{_ms(row[n]['p50'])} / {_ms(row[n]['p95'])} / {_ms(row[n]['p99'])}"
                + (f"（{row[n]['errors']} 错）" if row[n]["errors"] else "")
                for n in levels
            )
            lines.append(
                f"| {row['page']} | {row['role']} | {cells} | {row['statements']} | "
                f"{_ms(row['sql_ms'])} | {row['limit_ratio']} |"
            )
        lines += [
            "",
            "混合负载（各页面随机）：",
            "",
            "| 客户端 | 请求/秒 | p50 | p95 | p99 | 错误 |",
            "|---|---|---|---|---|---|",
        ]
        for row in pages["mixed"]:
            lines.append(
                f"| {row['clients']} | {row['rps']} | {_ms(row['p50'])} | {_ms(row['p95'])} | "
                f"{_ms(row['p99'])} | {row['errors']} |"
            )
        lines.append("")
    flows = results.get("flows")
    if flows:
        lines += [
            "流程（拟稿 → 送审 → 审核 → 核稿 → 审签，经 API）：",
            "",
            "| 审计事件 | 客户端 | 流程数 | 流程/秒 | 办理/秒 | 拟稿 p50/p95 | 送审 p50/p95 "
            "| 查找待办 p50/p95 | 办理 p50/p95 | 每次调用 SQL 条数（拟稿/送审/查找/办理） |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        approve = []
        for run in flows["runs"]:
            if "approve_only" in run:
                approve.append(run["approve_only"])
                continue
            c = run["calls"]

            def pct(name: str, c: dict[str, Any] = c) -> str:
                return f"{_ms(c[name]['p50'])} / {_ms(c[name]['p95'])}"

            statements = " / ".join(
                str(c[name]["statements"]) for name in ("create", "submit", "find", "act")
            )
            lines.append(
                f"| {run['audit_events']:,} | {run['clients']} | {run['flows']} | "
                f"{run['flows_per_s']} | {run['acts_per_s']} | {pct('create')} | {pct('submit')} | "
                f"{pct('find')} | {pct('act')} | {statements} |"
            )
        paired = flows.get("paired_ratio") or {}
        if paired:
            lines += [
                "",
                "大审计日志下的流程/秒 ÷ 小审计日志下的（各轮成对测量之比的中位数）："
                + "，".join(f"{c} 个客户端 {ratio}" for c, ratio in paired.items()),
            ]
        lines += [
            "",
            "只办理（同意）负载：",
            "",
            "| 审计事件 | 客户端 | 办理数 | 办理/秒 | p50 | p95 | SQL 条数 |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in approve:
            lines.append(
                f"| {row['audit_events']:,} | {row['clients']} | {row['n']} | "
                f"{row['acts_per_s']} | "
                f"{_ms(row['p50'])} | {_ms(row['p95'])} | {row['statements']} |"
            )
        lines.append("")
    return "\n".join(lines)


def failures(results: dict[str, Any]) -> list[str]:
    """What did not work (not what was slow): errors in any request, or nothing measured."""
    found = []
    for row in (results.get("pages") or {}).get("pages", []):
        for key, value in row.items():
            if key.isdigit() and (value["errors"] or not value["n"]):
                found.append(f"{row['page']} at {key} clients: {row.get('errors', [])[:1]}")
    for mix in (results.get("pages") or {}).get("mixed", []):
        if mix["errors"]:
            found.append(f"mixed load at {mix['clients']} clients: {mix.get('error_samples')}")
    for run in (results.get("flows") or {}).get("runs", []):
        one = run.get("approve_only", run)
        if one.get("errors") or not (one.get("flows") or one.get("n")):
            found.append(f"flow run {one.get('clients')} clients: {one.get('errors')}")
    return found
