"""Subtree queries on the materialised-path tree, at province scale.

Builds 5,000 units (root → 124 communes → ~40 cells each) and 150,000 people in a throwaway
database, then times, over 50 runs each (median):
  - subtree_people_count: people of one commune's subtree (path prefix + join), the core of
    every scoped list;
  - scoped_list_page: first page (50) of a commune officer's people list, sorted;
  - children_counts: people per child of the root in one GROUP BY substr(path);
  - recursive_cte_count: the same commune count with a recursive CTE over parent links (what an
    adjacency-list tree such as django-tree-queries would run), for comparison.

Usage: python benchmarks/tree_queries.py [--postgres]
Prints `figure: <name> <value> <unit>` lines.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import throwaway_database  # noqa: E402

POSTGRES = "--postgres" in sys.argv


def main() -> None:
    with throwaway_database(postgres=POSTGRES, pg_name="trienkhai_bench_tree") as db:
        run(db.suffix)


def run(db: str) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import Substr

    from apps.org.models import Unit, UnitKind
    from apps.people.models import Person

    kind = UnitKind.objects.get(code="chi-bo")

    def step(n: int) -> str:
        return Unit._int2str(n).rjust(Unit.steplen, "0")

    units = [Unit(code="R", name="Tỉnh", kind=kind, path=step(1), depth=1, numchild=124)]
    for c in range(1, 125):
        cpath = step(1) + step(c)
        units.append(
            Unit(code=f"C{c}", name=f"Xã {c}", kind=kind, path=cpath, depth=2, numchild=40)
        )
        for k in range(1, 41):
            units.append(
                Unit(code=f"C{c}-{k}", name=f"Chi bộ {k}", kind=kind, path=cpath + step(k), depth=3)
            )
    Unit.objects.bulk_create(units, batch_size=2000)
    cells = list(Unit.objects.filter(depth=3).values_list("pk", flat=True))
    people = [
        Person(
            code=f"P{i}",
            full_name=f"Nguyễn Văn {i}",
            gender="nam",
            birth_year=1980,
            unit_id=cells[i % len(cells)],
            search_text=f"nguyen van {i}",
            sort_key=f"{i:08d}",
        )
        for i in range(150_000)
    ]
    Person.objects.bulk_create(people, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    commune = Unit.objects.get(code="C60")
    root = Unit.objects.get(code="R")

    def timed(fn) -> float:
        samples = []
        for _ in range(50):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples)

    figures = {
        "subtree_people_count": timed(
            lambda: Person.objects.filter(unit__path__startswith=commune.path).count()
        ),
        "scoped_list_page": timed(
            lambda: list(
                Person.objects.filter(unit__path__startswith=commune.path)
                .select_related("unit")
                .order_by("sort_key")[:50]
            )
        ),
        "children_counts": timed(
            lambda: list(
                Person.objects.filter(unit__path__startswith=root.path)
                .annotate(prefix=Substr("unit__path", 1, 8))
                .values("prefix")
                .annotate(n=Count("pk"))
            )
        ),
    }
    # Adjacency list + recursive CTE, built from the same tree for comparison.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_parent (id bigint PRIMARY KEY, parent_id bigint)")
        cursor.execute(
            "INSERT INTO bench_parent (id, parent_id) SELECT c.id, p.id FROM org_unit c "
            "LEFT JOIN org_unit p ON p.path = substr(c.path, 1, length(c.path) - 4)"
        )
        cursor.execute("CREATE INDEX bench_parent_idx ON bench_parent (parent_id)")
        cursor.execute("ANALYZE")
    cte = (
        "WITH RECURSIVE sub(id) AS (SELECT CAST(%s AS bigint) UNION ALL "
        "SELECT b.id FROM bench_parent b JOIN sub ON b.parent_id = sub.id) "
        "SELECT count(*) FROM people_person WHERE unit_id IN (SELECT id FROM sub)"
    )

    def run_cte() -> int:
        with connection.cursor() as cursor:
            cursor.execute(cte, [commune.pk])
            return int(cursor.fetchone()[0])

    expected = Person.objects.filter(unit__path__startswith=commune.path).count()
    assert run_cte() == expected, (run_cte(), expected)

    figures["recursive_cte_count"] = timed(run_cte)
    for name, value in figures.items():
        print(f"figure: tree_{name}_ms_{db} {value:.2f} ms")


if __name__ == "__main__":
    main()
