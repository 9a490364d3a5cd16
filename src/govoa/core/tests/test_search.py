"""Register search through the index (DESIGN §5, issue 9): every word of the query must be
in the title, number, 来文单位 or 文号; the words come from the same segmenter on both
sides; the index follows edits; on PostgreSQL the GIN index answers it."""

import re

import pytest
from django.db import connection

from govoa.core import search
from govoa.incoming.models import IncomingDocument
from govoa.testing.incoming import register


def test_tokens_are_the_words_without_punctuation():
    assert search.tokens("关于做好重点项目谋划储备工作的通知") == [
        "关于",
        "做好",
        "重点",
        "项目",
        "重点项目",
        "谋划",
        "储备",
        "工作",
        "的",
        "通知",
    ]
    assert search.tokens("收〔2026〕12号") == ["收", "2026", "12", "号"]
    assert search.tokens(" 〔〕，。") == []


def _titles(query):
    return set(
        search.matching(IncomingDocument.objects.all(), query).values_list("title", flat=True)
    )


def test_matching_finds_every_word_and_follows_edits(people):
    first = register(
        people, title="关于做好重点项目谋划储备工作的通知", source_number="甲〔2026〕7号"
    )
    register(people, title="关于报送价格监测数据的通知", source_number="乙〔2026〕8号")
    assert _titles("重点项目") == {first.title}
    assert _titles("谋划 储备") == {first.title}
    assert _titles("通知") == {first.title, "关于报送价格监测数据的通知"}
    assert _titles("重点项目 价格") == set()
    assert _titles(first.number) == {first.title}
    assert _titles("甲〔2026〕7号") == {first.title}
    assert _titles("〔〕") == set()
    first.title = "关于开展营商环境评价的通知"
    first.save()
    assert _titles("重点项目") == set()
    assert _titles("营商环境") == {first.title}


def test_the_register_search_uses_the_index(client, people):
    document = register(people, title="关于做好重点项目谋划储备工作的通知")
    register(people, title="关于报送价格监测数据的通知", source_number="乙〔2026〕8号")
    client.force_login(people.registrar)
    page = client.get("/incoming/", {"q": "重点项目"})
    assert [d.pk for d in page.context["page_obj"]] == [document.pk]


@pytest.mark.postgres_only
def test_postgresql_answers_from_the_gin_index(people):
    register(people, title="关于做好重点项目谋划储备工作的通知")
    sql, params = search.matching(
        IncomingDocument.objects.all(), "重点项目"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert re.search(r"Bitmap Index Scan on incoming_incomingdocument_search", plan), plan


@pytest.mark.postgres_only
def test_the_source_filter_reads_the_trigram_index(client, people):
    """来文单位 is a substring filter (LIKE '%…%'): on PostgreSQL a pg_trgm GIN index answers
    it, in Chinese too (UTF-8 LC_CTYPE), and the page shows only the matching 收文."""
    wanted = register(people, title="关于报送统计数据的通知", source_org="某省统计局")
    register(people, title="关于做好能源保供的通知", source_org="某省能源局")
    client.force_login(people.registrar)
    page = client.get("/incoming/", {"source": "统计局"})
    assert [d.pk for d in page.context["page_obj"]] == [wanted.pk]
    # The condition the register's filter adds (``incoming_list``), alone: on a handful of
    # rows the planner would rather walk the register's other indexes.
    rows = IncomingDocument.objects.filter(source_org__contains="统计局")
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert re.search(r"Bitmap Index Scan on incoming_source_org_trgm", plan), plan
