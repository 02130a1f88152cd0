"""Conduct rules written as clauses rather than counted lists.

``lists`` reads criteria introduced by a counted head ("3 điều cần làm: …"). Many texts state the
rules otherwise, and this module reads those forms, each with its polarity:

* clauses addressed to people — "Cán bộ, công chức không sử dụng …; không đi muộn, về sớm";
  "… phải có mặt đúng giờ" (a ``do`` when the same text also prohibits something);
* lines or clauses that open with a prohibition — "Không được …", "Nghiêm cấm …",
  "Tuyệt đối không …", "Cấm …", and plain "Không …" when the paragraph is a list of them;
* quoted rules — “Không được …”;
* a heading "Những điều đảng viên không được làm" (or "… cần làm") over a numbered list;
* "Thông điệp 5K: A – B – Không … – C" messages (items split at the dashes).

It runs only when no counted list was found, so the established forms keep their precedence.
Every look-up is per line and bounded (``MAX_MATCHES`` rules at most).
"""

from __future__ import annotations

import re
from itertools import islice

from apps.directives.ingest.lists import ListsMixin
from apps.directives.ingest.reading import _clean
from apps.directives.ingest.structure import MAX_MATCHES, _is_heading, _marker_style, _strip_item

_SUBJECT_RE = re.compile(
    r"(?<!\w)(?:cán\s+bộ|công\s+chức|viên\s+chức|đảng\s+viên|người\s+lao\s+động|NLĐ|CBCC"
    r"|CBCCVC|người\s+dân|mọi\s+người|học\s+sinh|sinh\s+viên|đoàn\s+viên|hội\s+viên"
    r"|chiến\s+sĩ|nhân\s+viên|người\s+đứng\s+đầu|thủ\s+trưởng|lãnh\s+đạo)(?!\w)",
    re.IGNORECASE,
)
_CUE_RE = re.compile(
    r"(?<!\w)(?P<cue>tuyệt\s+đối\s+không|không\s+được|nghiêm\s+cấm|cấm|không|phải)(?=\s)",
    re.IGNORECASE,
)
_STRONG = ("tuyệt đối không", "không được", "nghiêm cấm", "cấm")
_NOT_RULE_RE = re.compile(
    r"(?:không\s+(?:chỉ|những|ngừng|ít|phải\s+là|có\s+gì|thể|bao\s+giờ|còn|nên\s+chỉ"
    r"|(?:được\s+)?(?:lơ\s+là|chủ\s+quan)"
    r"|để\s+(?:xảy\s+ra|lây\s+lan|phát\s+sinh|bùng\s+phát|tái\s+diễn|dịch))"
    r"|phải\s+(?:chăng|không|là))(?!\w)",
    re.IGNORECASE,
)
_LEAD_RE = re.compile(
    r"^(?:[\s\"“”'‘’«»(\-–—•*+]|và\s|đồng\s+thời,?\s|đặc\s+biệt,?\s|nhất\s+là\s)+", re.IGNORECASE
)
_OPENING_RE = re.compile(
    r"^(?:(?:theo\s+đó|ngoài\s+ra|đồng\s+thời|cụ\s+thể|bên\s+cạnh\s+đó|trong\s+đó|\w{1,4}\s+[-–])"
    r"\s*[,:]?\s*|.{0,80}?\byêu\s+cầu\s+(?:các\s+|mọi\s+)?)",
    re.IGNORECASE,
)
_QUOTED_RULE_RE = re.compile(
    r"[“\"](?P<r>(?:Không|Nghiêm\s+cấm|Tuyệt\s+đối\s+không|Cấm)\s[^”\"\n]{8,400})[”\"]"
)
_ASKED_RE = re.compile(
    r"yêu\s+cầu\s+(?:(?:các|mọi|toàn\s+thể)\s+)?"
    + r"(?:thủ\s+trưởng|lãnh\s+đạo|cán\s+bộ|công\s+chức|viên\s+chức|đảng\s+viên|người\s+lao\s+động"
    r"|người\s+đứng\s+đầu|chiến\s+sĩ|nhân\s+viên|học\s+sinh|người\s+dân)"
    r"(?:(?:\s*,\s*|\s+và\s+)(?:các\s+)?(?:thủ\s+trưởng|lãnh\s+đạo|cán\s+bộ|công\s+chức"
    r"|viên\s+chức|đảng\s+viên|người\s+lao\s+động|người\s+đứng\s+đầu|chiến\s+sĩ|nhân\s+viên))*"
    r"(?:\s+(?:các\s+cấp|các\s+cơ\s+quan,\s+đơn\s+vị))?\s+",
    re.IGNORECASE,
)
_NUM_ITEM_RE = re.compile(r"^\s*(?:\d{1,2}\s*[.)\-–]|\(?[a-zđ]\)|[a-zđ]\.)\s+")
_RULE_HEADING_RE = re.compile(
    r"(?:những|các|\d{1,2})\s+điều\s+(?:[\w,]+\s+){0,4}?"
    r"(?P<pol>không\s+được\s+làm|không\s+được|bị\s+cấm|cấm|cần\s+tránh|(?:cần|phải|nên)\s+làm)",
    re.IGNORECASE,
)
_NK_RE = re.compile(r"(?<!\w)(?:thông\s+điệp\s+)?(?P<n>\d)\s*K\s*[:“\"]+\s*", re.IGNORECASE)
_PIECE_SPLIT_RE = re.compile(
    r";|(?<=[.!?…”\"])\s+(?=[“\"]?[A-ZĐ])|,\s+(?=(?:tuyệt\s+đối\s+không|không\s+được|nghiêm\s+cấm"
    r"|không)\s)"
)
MIN_RULE = 12
MAX_RULE_LINE = 3000
"""A paragraph of rules is short: only the first 3,000 characters of a line are read for them."""


def _tidy(s: str) -> str:
    s = _strip_item(s)
    return s.rstrip(".…").strip()


class ConductMixin(ListsMixin):
    def find_conduct(self) -> None:
        d = self.draft
        if d.dos or d.donts:
            return
        found: list[tuple[str, str, str]] = []  # (polarity, item, source)
        self._conduct_headings(found)
        if not found:
            self._conduct_messages(found)
        if not found:
            self._conduct_line_lists(found)
            self._conduct_clauses(found)
        seen: set[tuple[str, str]] = set()
        for pol, item, src in found[:MAX_MATCHES]:
            key = (pol, item.casefold())
            if key in seen or len(item) < 3:
                continue
            seen.add(key)
            getattr(d, pol).append(item)
            d.item_sources[pol].append(src)
        if d.dos or d.donts:
            self.criteria_uncounted = True

    # "I- Những điều đảng viên không được làm" over a numbered list -------------------
    def _conduct_headings(self, found: list[tuple[str, str, str]]) -> None:
        for li, line in enumerate(self.lines):
            s = line.strip()
            if not s or len(s) > 120 or s.endswith((".", ";")):
                continue
            m = _RULE_HEADING_RE.search(
                self.norm[self.line_starts[li] : self.line_starts[li] + len(line)]
            )
            if not m:
                continue
            pol = "dos" if re.match(r"(?:cần|phải|nên)", m.group("pol"), re.IGNORECASE) else "donts"
            items: list[tuple[str, str]] = []
            style: str | None = None
            for nxt in self.lines[li + 1 : li + 60]:
                if not nxt.strip():
                    continue
                st = _marker_style(nxt)
                mm = _NUM_ITEM_RE.match(nxt)
                if mm is None or st == "roman":
                    if items or st == "roman" or _is_heading(nxt):
                        break
                    continue
                kind = "alpha" if re.match(r"\s*\(?[a-zđ]", nxt) else "num"
                if style is None:
                    style = kind
                elif kind != style:
                    continue
                first = re.split(r";", _strip_item(nxt[mm.end() :]), maxsplit=1)[0]
                items.append((_tidy(first), _clean(nxt)))
            if len(items) >= 2:
                found += [(pol, it, src) for it, src in items]
                return

    # "Thông điệp 5K: Khẩu trang – Khử khuẩn – …" ---------------------------------------
    def _conduct_messages(self, found: list[tuple[str, str, str]]) -> None:
        for m in islice(_NK_RE.finditer(self.norm), MAX_MATCHES):
            n = int(m.group("n"))
            end = self.norm.find("\n", m.end())
            body = self.text[m.end() : end if end >= 0 else len(self.text)]
            body = re.split(r"[”\"]|\.\s", body, maxsplit=1)[0]
            parts = [_tidy(p) for p in re.split(r"\s+[–—-]\s+|,\s+", body)]
            parts = [p for p in parts if p]
            if len(parts) == n:
                src = self.sentence(m.start())
                for p in parts:
                    pol = "donts" if re.match(r"không\s", p, re.IGNORECASE) else "dos"
                    found.append((pol, p, src))
                return

    # a run of lines that each open with a rule ("- Không …;", "- Chỉ … khi …;") ---------
    def _conduct_line_lists(self, found: list[tuple[str, str, str]]) -> None:
        run: list[tuple[str, str, str]] = []
        style: str | None = None

        def close() -> None:
            # two lines at least, with a prohibition among them
            if len({src for _, _, src in run}) >= 2 and any(p == "donts" for p, _, _ in run):
                found.extend(run)

        for full_line in self.lines:
            s = full_line.strip()
            if not s:
                continue  # blank lines between the items of a pasted list
            rule = None
            if len(s) <= 400 and _LINE_CUE_RE.search(s, 0, 60):  # cheap test first
                rule = _line_rule(s)
            if rule is None and not run:
                continue
            st = _marker_style(s)
            if rule is not None and run and st == style:
                run += rule
            else:
                close()
                run, style = (list(rule), st) if rule is not None else ([], None)
            if len(found) + len(run) >= MAX_MATCHES:
                break
        close()

    # clauses addressed to people ------------------------------------------------------
    def _conduct_clauses(self, found: list[tuple[str, str, str]]) -> None:
        pending_dos: list[tuple[str, str, str]] = []
        donts: list[tuple[str, str, str, bool]] = []  # (pol, item, source, quoted)
        for full_line in self.lines:
            line = full_line[:MAX_RULE_LINE]
            s = line.strip()
            if not s or not _CUE_RE.search(s) or _is_heading(s):
                continue
            if not re.search(r"[.;:!?…”\"]$", s) and len(s.split()) < 15:
                continue  # a title or a caption
            rules: list[tuple[str, str, bool, bool]] = []  # (polarity, item, strong, quoted)
            for qm in _QUOTED_RULE_RE.finditer(line):
                rules.append(("donts", _tidy(qm.group("r").split(";")[0]), True, True))
            line = _QUOTED_RULE_RE.sub(" ", line)
            # "UBND thành phố yêu cầu thủ trưởng, lãnh đạo các cấp phát huy …; không …": the
            # clauses after the people asked are their rules, the first one a "do"
            asked = _ASKED_RE.search(line)
            asked_do: str | None = None
            if asked and not _CUE_RE.match(line, asked.end()):
                first = _PIECE_SPLIT_RE.split(line[asked.end() :], maxsplit=1)[0]
                if not _CUE_RE.search(first):
                    asked_do = _tidy(first)
            pieces = [p for p in _PIECE_SPLIT_RE.split(line) if p and p.strip()]
            plain = 0
            loose_dos: list[str] = []
            for k, piece in enumerate(pieces):
                lead = _LEAD_RE.match(piece)
                body = piece[lead.end() :] if lead else piece
                if _NOT_RULE_RE.match(body):
                    continue
                cm = _CUE_RE.search(body)
                if not cm:
                    continue
                cue = re.sub(r"\s+", " ", cm.group("cue").lower())
                prefix = body[: cm.start()]
                item_start = cm.start()
                if prefix.strip(" “\"'"):
                    # the subject must open the clause: "Theo đó, cán bộ, công chức: không …"
                    opening = _OPENING_RE.sub("", prefix.strip(), count=1)
                    short_subject = (
                        k > 0
                        and cue != "phải"
                        and len(prefix.split()) <= 4
                        and re.match(r"(?:các|những|mọi)\s", prefix.strip(), re.I)
                        and not re.search(r"[,:]", prefix)
                    )
                    if short_subject:
                        # "…; các địa phương không chúc Tết cấp trên": the rule with its subject
                        item_start = len(body) - len(body.lstrip(" “\"'"))
                        strong = False
                        plain += 1
                    elif (
                        len(prefix) > 220
                        or not _SUBJECT_RE.match(opening.lstrip(" “\"'"))
                        or re.search(
                            r"trước\s+đó|ban\s+hành|chỉ\s+thị|quy\s+định\s+số", prefix, re.I
                        )
                        or _NOT_RULE_RE.match(body[cm.start() :])
                    ):
                        continue
                    else:
                        strong = True
                else:
                    strong = cue in _STRONG or asked is not None
                    if cue == "không":
                        plain += 1
                item = _tidy(body[item_start:])
                if len(item) < MIN_RULE:
                    continue
                pol = "dos" if cue == "phải" else "donts"
                if pol == "dos" and not prefix.strip():
                    loose_dos.append(item)  # "phải …" alone: a rule only in a list of rules
                    continue
                rules.append((pol, item, strong, False))
            if not rules:
                continue
            if not any(strong for _, _, strong, _ in rules) and plain < 2:
                continue
            src = _clean(line)
            if any(pol == "donts" for pol, _, _, _ in rules):
                if asked_do and len(asked_do) >= MIN_RULE:
                    pending_dos.append(("dos", asked_do, src))
                pending_dos += [("dos", item, src) for item in loose_dos]
            for pol, item, _, quoted in rules:
                if pol == "dos":
                    pending_dos.append((pol, item, src))
                else:
                    donts.append((pol, item, src, quoted))
        if donts:
            found += [(pol, item, src) for pol, item, src, _ in _without_restatements(donts)]
            found += pending_dos


_LINE_RULE_RE = re.compile(
    r"(?:tuyệt\s+đối\s+không|không\s+được|nghiêm\s+cấm|cấm|không|phải"
    r"|chỉ(?=\s[^;.]{3,100}?\skhi\s))\s",
    re.IGNORECASE,
)


_LINE_CUE_RE = re.compile(r"(?<!\w)(?:không|nghiêm|tuyệt|cấm|phải|chỉ)(?!\w)", re.IGNORECASE)


def _line_rule(line: str) -> list[tuple[str, str, str]] | None:
    """The rules of a line that opens with one ("Không …; không …", "Chỉ … khi …"), or None."""
    body = _strip_item(line)
    if not _LINE_RULE_RE.match(body) or _NOT_RULE_RE.match(body):
        return None
    out: list[tuple[str, str, str]] = []
    src = _clean(line)
    for k, piece in enumerate(p for p in _PIECE_SPLIT_RE.split(body) if p and p.strip()):
        piece = piece.strip()
        if not _LINE_RULE_RE.match(piece) or _NOT_RULE_RE.match(piece):
            if k == 0:
                return None
            continue
        item = _tidy(piece)
        if len(item) >= MIN_RULE:
            pol = "dos" if re.match(r"phải\s", piece, re.IGNORECASE) else "donts"
            out.append((pol, item, src))
    return out or None


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.casefold()))


def _without_restatements(
    rules: list[tuple[str, str, str, bool]],
) -> list[tuple[str, str, str, bool]]:
    """A news lead often restates a rule that the text then quotes: of two rules sharing most
    of their words, the quoted one (else the first) is kept."""
    out: list[tuple[str, str, str, bool]] = []
    for rule in rules:
        words = _words(rule[1])
        twin = next(
            (
                i
                for i, kept in enumerate(out)
                if len(words & _words(kept[1])) >= 0.6 * len(words | _words(kept[1]))
            ),
            None,
        )
        if twin is None:
            out.append(rule)
        elif rule[3] and not out[twin][3]:
            out[twin] = rule
    return out
