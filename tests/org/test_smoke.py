from apps.access import scoping


def test_officer_scope_covers_own_commune_only(world):
    officer = world.users["officer_a"]
    assert scoping.can(officer, "person.view", world.cell_a1)
    assert not scoping.can(officer, "person.view", world.cell_b1)


def test_person_list_shows_only_scope(world):
    response = world.client("officer_a").get("/can-bo/")
    assert response.status_code == 200
    assert "Nguyễn Thái Học" in response.content.decode()
    assert "Lê Văn Bên Kia" not in response.content.decode()
