"""AES-256-GCM with random 96-bit nonces (``cryptography``'s ``AESGCM``).

``aad`` (additional authenticated data) binds a ciphertext to where it belongs (a case code and
a purpose), so a blob copied onto another row fails to decrypt instead of showing the wrong
person.
"""

from __future__ import annotations

import os

KEY_BYTES = 32
NONCE_BYTES = 12
PAD_BLOCK = 256


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def encrypt(key: bytes, plaintext: bytes, aad: bytes = b"") -> tuple[bytes, bytes]:
    """Return ``(nonce, ciphertext)``; the ciphertext carries the 16-byte tag."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes = b"") -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from camau_reception.crypto.errors import DecryptionFailed

    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailed("authentication failed") from exc


def pad(data: bytes, block: int = PAD_BLOCK) -> bytes:
    """Length-prefixed padding to a multiple of ``block``: the size of a ciphertext no longer
    tells how long a name is."""
    body = len(data).to_bytes(4, "big") + data
    return body + b"\x00" * (-len(body) % block)


def unpad(data: bytes) -> bytes:
    from camau_reception.crypto.errors import DecryptionFailed

    if len(data) < 4:
        raise DecryptionFailed("bad padding")
    n = int.from_bytes(data[:4], "big")
    if n > len(data) - 4:
        raise DecryptionFailed("bad padding")
    return data[4 : 4 + n]
