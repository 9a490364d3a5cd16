"""份号: each printed copy of a 涉密 发文 gets its own sequence number at 印制, and each
分发 takes the next copies not yet given out. Called inside the flow act's transaction
(``acts._print``, ``distribution.distribute``); both write an audit record."""

from django.db.models import Max

from govoa.audit.services import audit_record
from govoa.core.errors import NotFound, ValidationFailed
from govoa.core.vocabulary import Classification
from govoa.org.models import Person
from govoa.outgoing.models import Distribution, OutgoingDocument, PrintedCopy


def numbered(document: OutgoingDocument) -> bool:
    """Whether the copies of ``document`` carry a 份号 (涉密公文, 条例 第九条（一）)."""
    return document.classification >= Classification.SECRET


def copies_number(*, actor: Person, document: OutgoingDocument, copies: int) -> None:
    """印制 of ``copies`` copies: 份号 1 … ``copies``. Printing again (after a 退回) keeps
    the numbers given, adds the missing ones and drops those past ``copies`` that were not
    given out."""
    if not numbered(document):
        return
    existing = PrintedCopy.objects.select_for_update().filter(document=document)
    given_out = existing.filter(distribution__isnull=False).aggregate(top=Max("number"))["top"]
    if given_out and given_out > copies:
        raise ValidationFailed(fields={"copies": [f"已有第{given_out}份分发，份数不能少于此数。"]})
    existing.filter(number__gt=copies).delete()
    have = set(existing.values_list("number", flat=True))
    PrintedCopy.objects.bulk_create(
        PrintedCopy(document=document, number=n) for n in range(1, copies + 1) if n not in have
    )
    audit_record(
        action="outgoing.copies.number",
        actor=actor,
        obj=document,
        details={"number": document.number, "copies": copies},
    )


def copies_assign(*, actor: Person, document: OutgoingDocument, distribution: Distribution) -> None:
    """The next copies not given out go with ``distribution`` (as many as it takes)."""
    if not numbered(document):
        return
    free = list(
        PrintedCopy.objects.select_for_update()
        .filter(document=document, distribution__isnull=True)
        .order_by("number")[: distribution.copies]
    )
    if len(free) < distribution.copies:
        printed = PrintedCopy.objects.filter(document=document).count()
        raise ValidationFailed(
            f"分发份数超过印制份数：共印制 {printed} 份，已全部分发，"
            f"“{distribution.name}”没有可分的份数。请退回印制补印，或减少分发对象。",
            fields={"departments": ["分发份数超过印制份数。"]},
        )
    PrintedCopy.objects.filter(pk__in=[c.pk for c in free]).update(distribution=distribution)
    audit_record(
        action="outgoing.copies.assign",
        actor=actor,
        obj=document,
        details={"to": distribution.name, "copies": [c.label for c in free]},
    )


def copy_get(document: OutgoingDocument, number: int) -> PrintedCopy:
    """A printed copy of ``document`` by its 份号; ``NotFound`` for one never printed."""
    found = PrintedCopy.objects.filter(document=document, number=number).first()
    if found is None:
        raise NotFound(f"该文没有第 {number} 份（份号 {number:06d}）。")
    return found


def first_copy(document: OutgoingDocument) -> int | None:
    """The lowest 份号 printed, for the 核稿助手 (None before 印制)."""
    found = PrintedCopy.objects.filter(document=document).order_by("number").first()
    return found.number if found else None
