import pytest

from govoa.core.checks import ctype_problem, database_uses_utf8_ctype


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_the_test_database_passes_the_utf8_check():
    assert database_uses_utf8_ctype(None, databases=["default"]) == []


@pytest.mark.parametrize("ctype", ["C.UTF-8", "zh_CN.utf8", "en_US.UTF-8"])
def test_utf8_ctypes_pass(ctype):
    assert ctype_problem(ctype) is None


@pytest.mark.parametrize("ctype", ["C", "POSIX", "zh_CN.GB18030"])
def test_other_ctypes_are_errors_in_chinese(ctype):
    problem = ctype_problem(ctype)
    assert problem is not None
    assert problem.id == "govoa.E001"
    assert f"“{ctype}”，不是 UTF-8" in problem.msg
