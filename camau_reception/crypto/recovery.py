"""The recovery key: 160 random bits printed once on paper for the head of the agency.

Written in Crockford's base32 (no I, L, O, U: nothing to misread) in groups of four, with a
four-character checksum, so a typing mistake is reported as such rather than as a wrong key.
The data key is encrypted under a key derived from the secret with HKDF-SHA256; with 160 bits
of randomness no slow password hash is needed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from camau_reception.crypto import aead
from camau_reception.crypto.errors import DecryptionFailed, MalformedRecoveryKey, WrongRecoveryKey

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SECRET_BYTES = 20
CHECK_CHARS = 4
GROUP = 4
WRAP_INFO = b"camau-reception/recovery/v1"
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _b32(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    chars = []
    for _ in range(len(data) * 8 // 5):
        chars.append(ALPHABET[n & 31])
        n >>= 5
    return "".join(reversed(chars))


def _unb32(text: str) -> bytes:
    n = 0
    for ch in text:
        n = (n << 5) | ALPHABET.index(ch)
    return n.to_bytes(len(text) * 5 // 8, "big")


def _checksum(secret: bytes) -> str:
    digest = hashlib.sha256(b"camau-reception/recovery-check|" + secret).digest()
    return _b32(digest[:5])[:CHECK_CHARS]


def format_key(secret: bytes) -> str:
    body = _b32(secret) + _checksum(secret)
    return "-".join(body[i : i + GROUP] for i in range(0, len(body), GROUP))


@dataclass(frozen=True, repr=False)
class RecoveryKey:
    secret: bytes

    @property
    def text(self) -> str:
        return format_key(self.secret)

    def __repr__(self) -> str:
        return "RecoveryKey(****)"


def generate() -> RecoveryKey:
    return RecoveryKey(os.urandom(SECRET_BYTES))


def parse(text: str) -> RecoveryKey:
    """Read a typed key: case, spaces and hyphens do not matter; O/I/L read as 0/1/1."""
    cleaned = "".join(ch for ch in (text or "").upper() if not ch.isspace() and ch != "-")
    cleaned = cleaned.translate(_MISREAD)
    expected = SECRET_BYTES * 8 // 5 + CHECK_CHARS
    if len(cleaned) != expected:
        raise MalformedRecoveryKey(f"expected {expected} characters, got {len(cleaned)}")
    bad = [ch for ch in cleaned if ch not in ALPHABET]
    if bad:
        raise MalformedRecoveryKey("invalid character")
    secret = _unb32(cleaned[:-CHECK_CHARS])
    if _checksum(secret) != cleaned[-CHECK_CHARS:]:
        raise MalformedRecoveryKey("checksum mismatch")
    return RecoveryKey(secret)


@dataclass(frozen=True, repr=False)
class WrappedSecret:
    salt: bytes
    nonce: bytes
    ciphertext: bytes

    def __repr__(self) -> str:
        return "WrappedSecret(…)"


def _kek(key: RecoveryKey, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=aead.KEY_BYTES, salt=salt, info=WRAP_INFO).derive(
        key.secret
    )


def wrap(key: RecoveryKey, secret: bytes) -> WrappedSecret:
    salt = os.urandom(16)
    nonce, ciphertext = aead.encrypt(_kek(key, salt), secret, WRAP_INFO)
    return WrappedSecret(salt, nonce, ciphertext)


def unwrap(key: RecoveryKey, wrapped: WrappedSecret) -> bytes:
    try:
        return aead.decrypt(_kek(key, wrapped.salt), wrapped.nonce, wrapped.ciphertext, WRAP_INFO)
    except DecryptionFailed as exc:
        raise WrongRecoveryKey("recovery key does not match") from exc
