"""The 核稿助手 as a gate: errors stop 送审, 核稿 and 签发 (warnings do not). Its findings are not
stored: the page and the API ask ``official.findings_for`` for the text as it stands."""

from govoa.core.errors import ValidationFailed
from govoa.documents.checker import Finding, Severity


def refuse_on_errors(findings: list[Finding], when: str) -> None:
    errors = [f for f in findings if f.severity == Severity.ERROR]
    if not errors:
        return
    listed = "；".join(f"{f.place}：{f.message}" for f in errors[:5])
    more = f"等 {len(errors)} 处" if len(errors) > 5 else ""
    raise ValidationFailed(
        f"核稿助手发现格式问题{more}，{when}前请修改：{listed}",
        fields={"findings": [f"{f.place}：{f.message}（{f.clause}）" for f in errors]},
    )
