"""An offline challenge asked after repeated sends from one address: a sum written in
Vietnamese words ("bảy cộng năm bằng mấy?"), rendered by the server, no outside service.

The token carries a nonce and an HMAC of (nonce, answer), signed and timed; the answer itself is
not in it. A token is accepted once (the nonce is remembered in the shared cache).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

_SALT = "feedback.challenge"
MAX_AGE = 30 * 60
WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _mac(nonce: str, answer: int) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()[:32]


def challenge_new() -> Challenge:
    a = secrets.randbelow(9) + 1
    b = secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"n": nonce, "m": _mac(nonce, a + b)}, salt=_SALT)
    return Challenge(question=f"{WORDS[a]} cộng {WORDS[b]} bằng mấy?", token=token)


def _parse_answer(raw: str) -> int | None:
    raw = " ".join(raw.strip().lower().split())
    if raw.isdigit():
        return int(raw)
    spoken = {w: i for i, w in enumerate(WORDS)}
    spoken.update({"mười một": 11, "mười hai": 12, "mười ba": 13, "mười bốn": 14})
    spoken.update({"mười lăm": 15, "mười sáu": 16, "mười bảy": 17, "mười tám": 18})
    return spoken.get(raw)


def challenge_check(token: str, answer: str) -> bool:
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    value = _parse_answer(answer or "")
    if value is None or not hmac.compare_digest(_mac(data["n"], value), data["m"]):
        return False
    return bool(cache.add(f"feedback-challenge:{data['n']}", 1, MAX_AGE))
