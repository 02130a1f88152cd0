"""Reading the text: Unicode normalisation, tone placement, legacy encodings, page chrome."""

from __future__ import annotations

import re
import unicodedata

from apps.directives.ingest.draft import IngestError

# --------------------------------------------------------------------------- text helpers

_UPPER = "".join(
    c
    for c in map(chr, range(0x41, 0x1EFF))
    if c.isupper() and unicodedata.name(c, "").startswith("LATIN")
)
_LOWER = "".join(
    c
    for c in map(chr, range(0x61, 0x1EFF))
    if c.islower() and unicodedata.name(c, "").startswith("LATIN")
)
U = f"[{_UPPER}]"
L = f"[{_LOWER}]"

# Old-style tone placement -> new style; every replacement keeps the length.
_TONE_FIX = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_FIX.update({k.upper(): v.upper() for k, v in list(_TONE_FIX.items())})
_TONE_FIX.update({k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_TONE_FIX.items())})
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(map(re.escape, _TONE_FIX)) + r")(?!\w)")


def normalise_text(text: str) -> str:
    """NFC, unified line ends and spaces; keeps the wording as written."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = re.sub(r"[\u00a0\u2007\u202f\u200b\t\f\v]", " ", text)
    # Bounded whitespace keeps every pattern linear: no run of spaces or blank lines can make
    # a "\\s*" rescan thousands of characters at each position.
    text = _SPACE_RUN_RE.sub(" ", text)
    text = _BLANK_RUN_RE.sub(_blank_run, text)
    return text


_SPACE_RUN_RE = re.compile(r" {2,}")
_BLANK_RUN_RE = re.compile(r"\n[ \n]*\n")  # one character class: linear in Python's re


def _blank_run(m: re.Match[str]) -> str:
    return "\n\n" if m.group(0).count("\n") > 2 else m.group(0)


def _fix_tones(text: str) -> str:
    return _TONE_RE.sub(lambda m: _TONE_FIX[m.group(1)], text)


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


# --------------------------------------------------------------------------- encodings

LEGACY_ENCODING_MESSAGE = (
    "Tệp dùng bảng mã cũ (TCVN3/VNI), hãy chuyển sang Unicode (UTF-8) rồi tải lại."
)
MOJIBAKE_MESSAGE = (
    "Văn bản bị lỗi bảng mã (chữ hiển thị dạng “Chá»‰ thá»‹”), "
    "hãy lưu lại tệp dưới dạng Unicode (UTF-8) rồi tải lại."
)
# Latin-1 letters and signs that never occur in Vietnamese Unicode text but make up
# TCVN3 (ABC) and VNI text read as Latin-1/CP1252 ("ViÖt Nam", "§¶ng", "Vieät Nam").
_LEGACY_CHARS = set("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñöøûüþ÷\xad")
_MOJIBAKE_RE = re.compile(r"Ã[\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ¡-¿]|á»|áº|Ä[‘ƒ]|Æ[°¡]|Ä\x91")
_VIET_RE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạ-ỹẠ-Ỹ]")


def _words_with_legacy(text: str) -> tuple[int, int]:
    words = re.findall(r"\S+", text[:200_000])
    bad = sum(1 for w in words if any(c in _LEGACY_CHARS for c in w))
    return bad, len(words)


def looks_legacy(text: str) -> bool:
    """TCVN3/VNI text (read as Latin-1 or stored as such in Unicode)."""
    bad, total = _words_with_legacy(text)
    if bad < 3:
        return False
    return bad / max(total, 1) > 0.03 and len(_VIET_RE.findall(text[:200_000])) < bad


def _encode_8bit(text: str, codec: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode(codec)
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """UTF-8 that was decoded as CP1252/Windows-1258 and saved again: undo it if lossless."""
    for codec in ("cp1252", "cp1258"):
        raw = _encode_8bit(unicodedata.normalize("NFC", text), codec)
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return unicodedata.normalize("NFC", fixed)
    return None


def check_unicode(text: str) -> str:
    """Refuse TCVN3/VNI text; repair UTF-8 mojibake when it can be undone losslessly."""
    sample = text[:200_000]
    hits = len(_MOJIBAKE_RE.findall(sample))
    if hits >= 3 and hits > len(re.findall(r"\S+", sample)) * 0.02:
        fixed = repair_mojibake(text)
        if fixed is not None and len(_MOJIBAKE_RE.findall(fixed[:200_000])) < hits / 10:
            return fixed
        raise IngestError(MOJIBAKE_MESSAGE)
    if looks_legacy(text):
        raise IngestError(LEGACY_ENCODING_MESSAGE)
    return text


# --------------------------------------------------------------------------- page chrome

_CHROME_LINE_RE = re.compile(
    r"^\s*(?:thích và chia sẻ.*|chia sẻ(?: bài viết)?:?|share|like|quảng cáo|advertisement|tags?:?"
    r"|thẻ:?|top|menu|lên đầu trang|in bài(?: viết)?|bản in|gửi bài viết.*|lượt xem:?\s*\d*"
    r"|đã xem:?\s*\d*.*|nhập bình luận.*|ý kiến(?: bạn đọc)?(?:\s*\(\d+\))?:?|trả lời|bình luận"
    r"|xem tất cả ý kiến\.?|mặc định cỡ chữ|cỡ chữ.*|chung nhan tin nhiem mang|tìm kiếm tin tức"
    r"|video liên quan|bạn đang xem bản rút gọn.*|tải bản đầy đủ.*|đang tải nội dung.*"
    r"|let's work together.*|\d+ điểm \(\s*\d+ đánh giá\s*\)|•?\s*đánh giá cho bài viết:?)\s*$",
    re.IGNORECASE,
)
_CHROME_TAIL_RE = re.compile(
    r"^\s*(?:tin liên quan|bài liên quan|tin cùng chuyên mục|cùng chuyên mục|xem thêm(?: .{0,30})?"
    r"|bạn có thể quan tâm|các bài khác|tin khác|tin mới(?: nhất)?|mới - nóng|đọc thêm|có thể bạn quan tâm"
    r"|các tin đã đưa)\s*:?\s*$",
    re.IGNORECASE,
)


def remove_chrome(text: str) -> str:
    """Drop a pasted web page's chrome: share/like lines, "Quảng cáo", tags, comment boxes, and
    everything from a "Tin liên quan"-style list of other articles on (when it follows the
    article). The kept text is the article."""
    lines = text.split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if len(line) < 80 and _CHROME_TAIL_RE.match(line) and i > len(lines) // 3:
            break
        if len(line) < 80 and _CHROME_LINE_RE.match(line):
            continue
        kept.append(line)
    return "\n".join(kept)
