"""Secrets: staff passwords (scrypt from the standard library), device and staff tokens
(random, stored as SHA-256), enrolment codes (short enough to type, stored hashed)."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

# scrypt cost: 2^15 * 8 * 128 bytes = 32 MiB of memory per hash, ~50-100 ms on a small server.
_N, _R, _P = 2**15, 8, 1
# Crockford-like alphabet: no 0/O, 1/I/L, U, so a code read aloud or typed survives.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 30^10 ≈ 2^49 codes; with expiry and rate limits, guessing is hopeless


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024
    )
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


@functools.cache
def dummy_hash() -> str:
    """A hash of a password nobody knows, made once per process: a login for a username that
    does not exist is checked against it, so it costs the same one scrypt as a wrong password
    for one that does, and timing does not tell which usernames exist."""
    return hash_password(secrets.token_urlsafe(32))


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def new_token() -> str:
    """A bearer token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens are random and long, so a plain SHA-256 is enough to keep them unusable if the
    database leaks (no salt needed: nothing to guess)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_enrolment_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person typed ('abcd-efgh 23') -> the canonical code ('ABCDEFGH23')."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def show_code(code: str) -> str:
    """'ABCDEFGH23' -> 'ABCDE-FGH23', easier to read out."""
    return f"{code[:5]}-{code[5:]}"
