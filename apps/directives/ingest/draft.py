"""What the parser returns: the draft, its items, and the user-facing error."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

MAX_TEXT_BYTES = 5 * 1024 * 1024
"""Texts (pasted or extracted from a file) above this size are refused."""

NO_DIRECTIVE_WARNING = "Không tìm thấy số hiệu hay nội dung văn bản chỉ đạo nào trong văn bản."


class IngestError(ValueError):
    """Input that cannot be turned into text; the message is user-facing (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- data


@dataclass
class Deadline:
    date: date
    text: str

    def to_json(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "text": self.text}


@dataclass
class Person:
    name: str
    position: str | None
    source: str = ""

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "position": self.position}


@dataclass
class DirectiveDraft:
    """What was found in a text; every field may be missing.

    ``sources`` maps each found scalar field (kind, number, symbol, issuer, issued_date) to
    the sentence it came from; ``item_sources`` maps ``dos``, ``donts``, ``key_tasks``,
    ``deadlines`` and ``people`` to one sentence per item, in the same order as the items.
    """

    kind: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    issued_date: date | None = None
    dos: list[str] = field(default_factory=list)
    donts: list[str] = field(default_factory=list)
    key_tasks: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    item_sources: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    """Fields the parser is unsure of (form field names: number, issued_on, dos…): the review
    page marks them "cần kiểm tra"."""
    from_ocr: bool = False

    @property
    def found(self) -> bool:
        """True when the text looks like (a report on) a directive."""
        return bool(self.number or self.symbol or self.dos or self.donts or self.key_tasks)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "symbol": self.symbol,
            "issuer": self.issuer,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "dos": list(self.dos),
            "donts": list(self.donts),
            "key_tasks": list(self.key_tasks),
            "deadlines": [d.to_json() for d in self.deadlines],
            "people": [p.to_json() for p in self.people],
        }

    def to_payload(self) -> dict[str, Any]:
        """Everything, sources included, as JSON (a background job's result)."""
        return {
            **self.to_json(),
            "people_sources": [p.source for p in self.people],
            "sources": dict(self.sources),
            "item_sources": {k: list(v) for k, v in self.item_sources.items()},
            "warnings": list(self.warnings),
            "unsure": list(self.unsure),
            "from_ocr": self.from_ocr,
        }

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> DirectiveDraft:
        people_sources = data.get("people_sources") or []
        return cls(
            kind=data.get("kind"),
            number=data.get("number"),
            symbol=data.get("symbol"),
            issuer=data.get("issuer"),
            issued_date=date.fromisoformat(data["issued_date"])
            if data.get("issued_date")
            else None,
            dos=list(data.get("dos") or []),
            donts=list(data.get("donts") or []),
            key_tasks=list(data.get("key_tasks") or []),
            deadlines=[
                Deadline(date.fromisoformat(d["date"]), d["text"])
                for d in data.get("deadlines") or []
            ],
            people=[
                Person(
                    p["name"],
                    p.get("position"),
                    people_sources[i] if i < len(people_sources) else "",
                )
                for i, p in enumerate(data.get("people") or [])
            ],
            sources=dict(data.get("sources") or {}),
            item_sources={k: list(v) for k, v in (data.get("item_sources") or {}).items()},
            warnings=list(data.get("warnings") or []),
            unsure=list(data.get("unsure") or []),
            from_ocr=bool(data.get("from_ocr")),
        )
