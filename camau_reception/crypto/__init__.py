"""Envelope encryption for protected records (the identity of a corruption denouncer).

Built only from the ``cryptography`` package's standard primitives (AES-256-GCM, X25519,
HKDF-SHA256) and Argon2id from ``argon2-cffi``; nothing here invents a cipher.

The layers, from the data up:

1. **Content key** (per record): a random AES-256-GCM key that encrypts the identity and the
   attachments of one case. Deleting its wrapped copy shreds everything it protected.
2. **Data key** (one per office): an X25519 key pair. Each content key is *sealed* to its public
   half (``keypair.seal``: ephemeral X25519 + HKDF + AES-GCM), so an officer at the counter can
   protect a new denunciation without being able to read any. Only the private half (the "data
   key" proper) opens content keys, and it is never stored in clear:
3. **Holders**: each authorised inspector has an X25519 key pair whose private half is
   encrypted under a key derived from their password with Argon2id; the data key is sealed to
   their public half. A grant seals it to another inspector's public key (no password needed).
4. **Recovery key**: a random 160-bit secret printed once on paper; the data key is also
   encrypted under a key derived from it with HKDF, so it can grant access when no authorised
   inspector remains.
"""

from __future__ import annotations

from camau_reception.crypto.errors import (
    CryptoError,
    DecryptionFailed,
    MalformedRecoveryKey,
    WrongPassword,
    WrongRecoveryKey,
)

__all__ = [
    "CryptoError",
    "DecryptionFailed",
    "MalformedRecoveryKey",
    "WrongPassword",
    "WrongRecoveryKey",
]
