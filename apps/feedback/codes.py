"""Tracking codes: 12 characters from an alphabet without look-alikes, read over the phone in
three groups ("K7RM-4XTA-9CQH"). 25^12 ≈ 6·10^16 codes (≈56 bits) drawn with `secrets`; only the
SHA-256 digest is stored, so the code cannot be shown again, even to officials."""

import hashlib
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: letters and digits that are not mistaken for each other.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    """What the citizen typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def display(code: str) -> str:
    code = normalise(code)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def looks_valid(code: str) -> bool:
    code = normalise(code)
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)
