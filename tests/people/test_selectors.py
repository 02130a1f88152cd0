"""People reads: diacritic-free search, Vietnamese order, filters, scope; text helpers."""

import pytest
from django.http import Http404

from apps.common.text import collation_key, person_sort_key, strip_diacritics
from apps.people.models import PersonCategory
from apps.people.selectors import person_get_for_actor, person_list, person_memberships
from tests.people.factories import PersonFactory, mask

# --- apps.common.text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Thái Học", "nguyen thai hoc"),
        ("NGUYỄN THÁI HỌC", "nguyen thai hoc"),
        ("Đặng Thị Đào", "dang thi dao"),
        ("  Trương   Ưng  Ơn ", "truong ung on"),
        ("Phạm Ngọc Thạch", "pham ngoc thach"),
        ("Nguye\u0302\u0303n", "nguyen"),  # decomposed (NFD) input
        ("Chi bộ 3", "chi bo 3"),
        ("", ""),
    ],
)
def test_strip_diacritics(text, folded):
    assert strip_diacritics(text) == folded


@pytest.mark.parametrize(
    "ordered",
    [
        ["a", "à", "ả", "ã", "á", "ạ"],
        ["an", "ăn", "ân", "bình"],
        ["dũng", "đạt"],
        ["dương", "đông"],
        ["e", "ê", "g"],
        ["o", "ô", "ơ", "p"],
        ["u", "ư", "v", "x", "y"],
        ["ánh", "bình"],
        ["an", "anh", "ánh"],
        ["ta", "tạ", "tab"],
        ["an", "an bình", "anh"],
        ["hoa", "hòa", "hỏa", "hóa", "họa", "hoan"],
    ],
)
def test_collation_key_follows_the_vietnamese_alphabet(ordered):
    assert sorted(reversed(ordered), key=collation_key) == ordered
    assert sorted(ordered, key=collation_key) == ordered


def test_collation_key_ignores_case_and_normalisation():
    assert collation_key("ĐẠT") == collation_key("đạt") == collation_key("\u0111a\u0323t")
    assert collation_key("Nguyễn  Văn") == collation_key("nguyễn văn")


def test_person_sort_key_orders_by_given_name_then_full_name():
    names = ["Trần An", "Lê Văn Bình", "Nguyễn Văn An", "Lê Anh", "Phạm Thị Ánh", "Lê An"]
    assert sorted(names, key=person_sort_key) == [
        "Lê An",
        "Nguyễn Văn An",
        "Trần An",
        "Lê Anh",
        "Phạm Thị Ánh",
        "Lê Văn Bình",
    ]


# --- search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["nguyen thai hoc", "Nguyen Thai Hoc", "NGUYỄN THÁI HỌC", "Nguyễn Thái Học", "thai hoc", "PA"],
)
def test_search_without_diacritics_finds_the_person(world, query):
    PersonFactory(full_name="Nguyễn Thái Hòa", unit=world.cell_a1)
    PersonFactory(full_name="Nguyễn Thị Học", unit=world.cell_a2)
    found = list(person_list(actor=world.users["officer_a"], query=query))
    assert found == [world.person_a]


def test_search_with_decomposed_unicode_query(world):
    query = "Nguye\u0302\u0303n Tha\u0301i Ho\u0323c"
    assert list(person_list(actor=world.users["admin"], query=query)) == [world.person_a]


def test_search_does_not_leave_the_actors_scope(world):
    officer = world.users["officer_a"]
    assert list(person_list(actor=officer, query="le van ben kia")) == []
    assert list(person_list(actor=world.users["officer_b"], query="ben kia")) == [world.person_b]


def test_search_finds_nothing_for_an_unknown_name(world):
    assert list(person_list(actor=world.users["admin"], query="khong ai ten nay")) == []


# --- order ------------------------------------------------------------------------------


def test_people_are_listed_in_vietnamese_order(world):
    names = [
        "Vũ Văn Đạt",
        "Trần Văn Dũng",
        "Lê Thị Bình",
        "Phạm Ánh",
        "Hoàng Tạ",
        "Hoàng Tá",
        "Hoàng Tã",
        "Hoàng Tả",
        "Hoàng Tà",
        "Hoàng Ta",
        "Đỗ Văn An",
        "Bùi An",
    ]
    for name in names:
        PersonFactory(full_name=name, unit=world.cell_a2)
    listed = [p.full_name for p in person_list(actor=world.users["admin"], within=world.cell_a2)]
    assert listed == [
        "Bùi An",
        "Đỗ Văn An",
        "Phạm Ánh",
        "Lê Thị Bình",
        "Trần Văn Dũng",
        "Vũ Văn Đạt",
        "Hoàng Ta",
        "Hoàng Tà",
        "Hoàng Tả",
        "Hoàng Tã",
        "Hoàng Tá",
        "Hoàng Tạ",
    ]


# --- filters ----------------------------------------------------------------------------


def test_filter_by_subtree(world):
    admin = world.users["admin"]
    in_a = set(person_list(actor=admin, within=world.commune_a))
    assert world.person_a in in_a
    assert world.member_a in in_a
    assert world.person_b not in in_a
    assert len(in_a) == 4
    assert set(person_list(actor=admin, within=world.cell_a2)) == set()


def test_filter_by_category_bit_mask(world):
    civil = PersonCategory.objects.get(code="cong-chuc")
    party = PersonCategory.objects.get(code="dang-vien")
    both = PersonFactory(
        full_name="Lê Cả Hai", unit=world.cell_a2, category_mask=mask("dang-vien", "cong-chuc")
    )
    only_civil = PersonFactory(
        full_name="Lê Công Chức", unit=world.cell_a2, category_mask=mask("cong-chuc")
    )
    none = PersonFactory(full_name="Lê Không Có", unit=world.cell_a2, category_mask=0)
    admin = world.users["admin"]

    assert set(person_list(actor=admin, within=world.cell_a2, category=civil)) == {both, only_civil}
    assert set(person_list(actor=admin, within=world.cell_a2, category=party)) == {both}
    assert none not in set(person_list(actor=admin, category=party))


def test_filter_by_head_flag(world):
    head = PersonFactory(full_name="Bí Thư Chi Bộ", unit=world.cell_a1, is_head=True)
    officer = world.users["officer_a"]
    assert list(person_list(actor=officer, is_head=True)) == [head]
    assert head not in set(person_list(actor=officer, is_head=False))
    assert len(person_list(actor=officer, is_head=None)) == 5


def test_filters_combine(world):
    civil = PersonCategory.objects.get(code="cong-chuc")
    match = PersonFactory(
        full_name="Nguyễn Văn Trưởng",
        unit=world.cell_a2,
        is_head=True,
        category_mask=mask("cong-chuc"),
    )
    PersonFactory(full_name="Nguyễn Văn Phó", unit=world.cell_a2, category_mask=mask("cong-chuc"))
    PersonFactory(
        full_name="Nguyễn Văn Trưởng",
        unit=world.cell_b1,
        is_head=True,
        category_mask=mask("cong-chuc"),
    )
    found = person_list(
        actor=world.users["officer_a"],
        query="nguyen",
        within=world.commune_a,
        category=civil,
        is_head=True,
    )
    assert list(found) == [match]


# --- single objects ---------------------------------------------------------------------


def test_person_get_for_actor_refuses_sibling_commune(world):
    officer = world.users["officer_a"]
    assert person_get_for_actor(actor=officer, pk=world.person_a.pk) == world.person_a
    with pytest.raises(Http404):
        person_get_for_actor(actor=officer, pk=world.person_b.pk)
    with pytest.raises(Http404):
        person_get_for_actor(actor=officer, pk=world.person_a.pk + 10_000)


def test_member_gets_only_themself_and_only_to_view(world):
    member = world.users["member_a"]
    assert person_get_for_actor(actor=member, pk=world.member_a.pk) == world.member_a
    with pytest.raises(Http404):
        person_get_for_actor(actor=member, pk=world.person_a.pk)
    with pytest.raises(Http404):
        person_get_for_actor(actor=member, pk=world.member_a.pk, action="person.change")


def test_leader_may_view_but_not_change(world):
    leader = world.users["leader_a"]
    assert person_get_for_actor(actor=leader, pk=world.person_a.pk) == world.person_a
    with pytest.raises(Http404):
        person_get_for_actor(actor=leader, pk=world.person_a.pk, action="person.change")


def test_person_list_is_empty_for_a_member(world):
    assert list(person_list(actor=world.users["member_a"])) == []


def test_person_memberships_in_date_order(world):
    assert [m.unit for m in person_memberships(person=world.person_a)] == [world.cell_a1]


def test_search_words_match_in_any_order(world):
    found = list(person_list(actor=world.users["admin"], query="hoc nguyen thai"))
    assert found == [world.person_a]
