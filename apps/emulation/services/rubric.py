"""The published rubric (bảng tiêu chí): checked row by row as typed on the launch form or on the
rubric page, and replaced as a whole while the movement is open and nothing is published.

A row is a dict of the strings the form posted: `code` (kept from the default rubric or the
existing criterion; derived from the name when blank), `name`, `max_points`, `evidence`, `source`,
`kind`, `points_each`, `positive` ("1" adds, "0" deducts), `normalisation`, and `id` for a
criterion that already exists. Every message names the row (as numbered on the form) and the
column; nothing is written unless every row is right.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from apps.common.errors import ApplicationError
from apps.emulation.enums import (
    CriterionKind,
    CriterionSource,
    MovementStatus,
    Normalisation,
    RegistrationStatus,
)
from apps.emulation.models import Criterion, Movement, RankingSnapshot, Registration, Score
from apps.emulation.ranking import COUNT_SOURCES, RATIO_SOURCES
from apps.emulation.services.common import check

FIELDS = (
    "id",
    "code",
    "name",
    "max_points",
    "evidence",
    "source",
    "kind",
    "points_each",
    "positive",
    "normalisation",
)
MAX_ROWS = 40
ROLLOUT_SOURCES = {str(s) for s in RATIO_SOURCES}
LABELS = {
    "name": "Tiêu chí",
    "max_points": "Điểm tối đa",
    "evidence": "Minh chứng yêu cầu",
    "source": "Nguồn số liệu",
    "kind": "Cách chấm",
    "points_each": "Điểm mỗi đơn vị đếm",
    "normalisation": "Quy đổi theo quy mô",
}


@dataclass
class CleanRow:
    pk: int | None
    code: str
    name: str
    max_points: Decimal
    evidence: str
    source: str
    kind: str
    points_each: Decimal
    positive: bool
    normalisation: str

    def as_spec(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "max_points": self.max_points,
            "evidence": self.evidence,
            "source": self.source,
            "kind": self.kind,
            "points_each": self.points_each,
            "positive": self.positive,
            "normalisation": self.normalisation,
        }


def rows_from_post(data: Any, count: int | None = None) -> list[dict[str, str]]:
    """The rubric rows as posted (`r<i>_<field>`), kept verbatim so the form shows them again."""
    try:
        total = int(data.get("rubric_rows", "0")) if count is None else count
    except (TypeError, ValueError):
        total = 0
    total = max(0, min(total, MAX_ROWS))
    return [{f: str(data.get(f"r{i}_{f}", "")) for f in FIELDS} for i in range(1, total + 1)]


def rows_from_specs(specs: Any) -> list[dict[str, str]]:
    """Form rows for existing criteria (or the default rubric's dicts)."""
    rows = []
    for spec in specs:
        get = spec.get if isinstance(spec, dict) else lambda k, d="", s=spec: getattr(s, k, d)
        rows.append(
            {
                "id": str(get("pk", "") or ""),
                "code": str(get("code", "")),
                "name": str(get("name", "")),
                "max_points": _plain(get("max_points", "")),
                "evidence": str(get("evidence", "")),
                "source": str(get("source", CriterionSource.MANUAL)),
                "kind": str(get("kind", CriterionKind.POINTS)),
                "points_each": _plain(get("points_each", "")),
                "positive": "1" if get("positive", True) else "0",
                "normalisation": str(get("normalisation", Normalisation.NONE)),
            }
        )
    return rows


def blank_rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "id": "",
            "code": "",
            "name": "",
            "max_points": "",
            "evidence": "",
            "source": str(CriterionSource.MANUAL),
            "kind": str(CriterionKind.POINTS),
            "points_each": "",
            "positive": "1",
            "normalisation": str(Normalisation.NONE),
        }
        for _ in range(n)
    ]


def _plain(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except InvalidOperation:
        return str(value)


def _number(raw: str, where: str, column: str) -> Decimal:
    text = raw.strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ApplicationError(f"{where}, cột “{column}”: “{raw}” không phải là số.") from exc
    if not value.is_finite():
        raise ApplicationError(f"{where}, cột “{column}”: “{raw}” không phải là số.")
    return value


def _is_blank(row: dict[str, str]) -> bool:
    return not any(row.get(f, "").strip() for f in ("name", "max_points", "evidence"))


def rubric_clean(rows: list[dict[str, str]], *, has_rollout: bool) -> list[CleanRow]:
    """Checks every row; blank rows (no name, points or evidence) are skipped. Raises an
    ApplicationError naming the first wrong row and column."""
    clean: list[CleanRow] = []
    names: dict[str, int] = {}
    codes: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if _is_blank(row):
            continue
        where = f"Bảng tiêu chí, dòng {number}"
        name = " ".join(row.get("name", "").split())
        if not name:
            raise ApplicationError(f"{where}: cần nhập tên tiêu chí (cột “{LABELS['name']}”).")
        if len(name) > 300:
            raise ApplicationError(f"{where}, cột “{LABELS['name']}”: tối đa 300 ký tự.")
        key = name.casefold()
        if key in names:
            raise ApplicationError(
                f"{where}, cột “{LABELS['name']}”: trùng tên với dòng {names[key]}."
            )
        names[key] = number
        if not row.get("max_points", "").strip():
            raise ApplicationError(f"{where}, cột “{LABELS['max_points']}”: cần nhập số điểm.")
        max_points = _number(row["max_points"], where, LABELS["max_points"])
        if max_points <= 0 or max_points > 1000:
            raise ApplicationError(
                f"{where}, cột “{LABELS['max_points']}”: phải lớn hơn 0 và không quá 1000."
            )
        if max_points != max_points.quantize(Decimal("0.01")):
            raise ApplicationError(
                f"{where}, cột “{LABELS['max_points']}”: tối đa hai chữ số thập phân."
            )
        evidence = row.get("evidence", "").strip()
        if len(evidence) > 300:
            raise ApplicationError(f"{where}, cột “{LABELS['evidence']}”: tối đa 300 ký tự.")
        source = row.get("source", "").strip() or str(CriterionSource.MANUAL)
        if source not in CriterionSource.values:
            raise ApplicationError(f"{where}, cột “{LABELS['source']}”: giá trị không hợp lệ.")
        kind = row.get("kind", "").strip() or str(CriterionKind.POINTS)
        if kind not in CriterionKind.values:
            raise ApplicationError(f"{where}, cột “{LABELS['kind']}”: giá trị không hợp lệ.")
        normalisation = row.get("normalisation", "").strip() or str(Normalisation.NONE)
        if normalisation not in Normalisation.values:
            raise ApplicationError(
                f"{where}, cột “{LABELS['normalisation']}”: giá trị không hợp lệ."
            )
        positive = row.get("positive", "1").strip() != "0"
        if source in {str(s) for s in COUNT_SOURCES}:
            kind = str(CriterionKind.COUNT)
        if source in ROLLOUT_SOURCES:
            if kind == CriterionKind.COUNT:
                raise ApplicationError(
                    f"{where}, cột “{LABELS['kind']}”: số liệu "
                    f"“{CriterionSource(source).label}” là một tỉ lệ, chấm theo tỉ lệ nhân với "
                    "điểm tối đa, không đếm số lượng."
                )
            if not has_rollout:
                raise ApplicationError(
                    f"{where}, cột “{LABELS['source']}”: số liệu này lấy từ đợt triển khai, cần "
                    "chọn đợt triển khai cho phong trào."
                )
        points_each = Decimal(0)
        if kind == CriterionKind.COUNT:
            if not row.get("points_each", "").strip():
                raise ApplicationError(
                    f"{where}, cột “{LABELS['points_each']}”: tiêu chí đếm số lượng cần số điểm "
                    "cho mỗi trường hợp."
                )
            points_each = _number(row["points_each"], where, LABELS["points_each"])
            if points_each <= 0 or points_each > max_points:
                raise ApplicationError(
                    f"{where}, cột “{LABELS['points_each']}”: phải lớn hơn 0 và không quá "
                    f"điểm tối đa ({_plain(max_points)})."
                )
        elif normalisation != Normalisation.NONE:
            raise ApplicationError(
                f"{where}, cột “{LABELS['normalisation']}”: chỉ quy đổi theo quy mô với tiêu chí "
                "đếm số lượng."
            )
        pk = int(row["id"]) if row.get("id", "").strip().isdigit() else None
        given = slugify(row.get("code", ""))[:36]
        code = given or slugify(name)[:36] or f"tieu-chi-{number}"
        base, n = code, 2
        while code in codes:
            code = f"{base[:33]}-{n}"
            n += 1
        codes.add(code)
        clean.append(
            CleanRow(
                pk=pk,
                code=code,
                name=name,
                max_points=max_points,
                evidence=evidence,
                source=source,
                kind=kind,
                points_each=points_each,
                positive=positive if kind == CriterionKind.COUNT else True,
                normalisation=normalisation,
            )
        )
    if not clean:
        raise ApplicationError("Bảng tiêu chí: cần ít nhất một tiêu chí thi đua.")
    return clean


def rubric_editable_problem(movement: Movement) -> str:
    """Why the rubric can no longer change ("" when it can)."""
    if movement.status != MovementStatus.OPEN:
        return "Phong trào thi đua đã kết thúc: bảng tiêu chí không sửa được nữa."
    if RankingSnapshot.objects.filter(group__movement=movement).exists():
        return "Đã công bố kết quả xếp hạng: bảng tiêu chí không sửa được nữa."
    return ""


@transaction.atomic
def movement_rubric_update(
    *, actor: Any, movement: Movement, rows: list[dict[str, str]]
) -> list[Criterion]:
    """Replaces the movement's rubric with `rows` (kept criteria by id, new ones added, missing
    ones removed). Once a registration has sent its self-score, criteria can no longer be added
    or removed, and no maximum may fall below points already entered."""
    movement = Movement.objects.select_for_update().select_related("unit").get(pk=movement.pk)
    if not check(actor, "emulation.manage", movement.unit):
        raise ApplicationError("Bạn không có quyền sửa bảng tiêu chí của phong trào này.")
    problem = rubric_editable_problem(movement)
    if problem:
        raise ApplicationError(problem)
    clean = rubric_clean(rows, has_rollout=movement.rollout_id is not None)
    existing = {c.pk: c for c in Criterion.objects.filter(movement=movement)}
    for row in clean:
        if row.pk is not None and row.pk not in existing:
            raise ApplicationError("Bảng tiêu chí đã thay đổi ở nơi khác: hãy tải lại trang.")
    kept = {row.pk for row in clean if row.pk is not None}
    removed = [c for pk, c in existing.items() if pk not in kept]
    started = Registration.objects.filter(movement=movement).exclude(
        status=RegistrationStatus.REGISTERED
    )
    if started.exists():
        added = [row.name for row in clean if row.pk is None]
        if added or removed:
            raise ApplicationError(
                "Đã có đơn vị gửi điểm tự chấm: không thêm, bớt tiêu chí được nữa (chỉ sửa tên, "
                "minh chứng, điểm tối đa)."
                + (f" Tiêu chí mới: {'; '.join(added)}." if added else "")
                + (f" Tiêu chí bỏ đi: {'; '.join(c.name for c in removed)}." if removed else "")
            )
        for row in clean:
            if row.pk is None:
                continue
            old = existing[row.pk]
            if (row.source, row.kind) != (old.source, old.kind):
                raise ApplicationError(
                    f"Tiêu chí “{row.name}”: đã có đơn vị gửi điểm tự chấm nên không đổi nguồn "
                    "số liệu, cách chấm được nữa."
                )
    for row in clean:
        if row.pk is None or row.kind != CriterionKind.POINTS:
            continue
        over = Score.objects.filter(
            Q(self_value__gt=row.max_points) | Q(council_value__gt=row.max_points),
            criterion_id=row.pk,
        ).exists()
        if over:
            raise ApplicationError(
                f"Tiêu chí “{row.name}”: đã có điểm chấm cao hơn {_plain(row.max_points)} điểm, "
                "không giảm điểm tối đa xuống dưới mức đó được."
            )
    for criterion in removed:
        criterion.delete()
    result: list[Criterion] = []
    # Codes are unique per movement: park kept rows on temporary codes before renaming them.
    for criterion in existing.values():
        if criterion.pk in kept:
            criterion.code = f"tmp-{criterion.pk}"
            criterion.save(update_fields=["code"])
    registrations = list(
        Registration.objects.filter(movement=movement).values_list("pk", flat=True)
    )
    for order, row in enumerate(clean, start=1):
        criterion = existing[row.pk] if row.pk is not None else Criterion(movement=movement)
        criterion.order = order
        for name, value in row.as_spec().items():
            setattr(criterion, name, value)
        criterion.full_clean(exclude=["movement"], validate_unique=False)
        criterion.save()
        if row.pk is None and registrations:
            Score.objects.bulk_create(
                [Score(registration_id=r, criterion=criterion) for r in registrations]
            )
        result.append(criterion)
    return result
