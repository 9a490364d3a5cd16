"""类目 and 档号 (DA/T 22-2015 5.4): pure functions, no database."""

from govoa.archives.workflow import Scheme


def class_code(scheme: str, *, year: int, retention: str, org_code: str) -> str:
    """The lowest class of the scheme, within which 件号 run (年度、保管期限 and, unless the
    scheme is 年度—保管期限, the 机构（问题）). Both three-level schemes have the same lowest
    classes: they differ in the order of the levels, not in what a class holds."""
    if scheme == Scheme.YEAR_PERIOD:
        return f"{year}-{retention}"
    return f"{year}-{retention}-{org_code}"


def item_text(item: int) -> str:
    """件号: 4 digits, zero-padded (0026)."""
    return f"{item:04d}"


def reference_code(
    pattern: str,
    *,
    fonds: str,
    category: str,
    year: int,
    retention: str,
    org_code: str,
    item: int,
) -> str:
    """The 档号 from the agency's pattern. Without a 机构（问题） level its segment and the
    separator before it are left out."""
    if not org_code:
        pattern = pattern.replace("-{org}", "").replace("·{org}", "")
    return pattern.format(
        fonds=fonds,
        category=category,
        year=year,
        period=retention,
        org=org_code,
        item=item_text(item),
    )
