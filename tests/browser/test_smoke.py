import pytest

pytestmark = pytest.mark.browser


def test_officer_logs_in_and_sees_scope(page, world, password):
    page.login("officer_a", password)
    page.open("/can-bo/")
    assert "Nguyễn Thái Học" in page.text()
    assert "Lê Văn Bên Kia" not in page.text()
