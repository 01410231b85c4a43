"""X25519 key pairs: a password-protected private half (Argon2id), and sealing a small secret
to a public key (ephemeral X25519 + HKDF-SHA256 + AES-256-GCM, the shape of HPKE base mode).
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass

from camau_reception.crypto import aead
from camau_reception.crypto.errors import DecryptionFailed, WrongPassword

SALT_BYTES = 16
PUBLIC_BYTES = 32
SEAL_INFO = b"camau-reception/seal/v1"
PRIVATE_AAD = b"camau-reception/private-key/v1"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Stored beside each encrypted private key, so it can be raised later
    without locking anybody out."""

    time_cost: int = 3
    memory_cost: int = 65536  # KiB (64 MiB): RFC 9106's second recommended option
    parallelism: int = 4

    def text(self) -> str:
        return f"argon2id$t={self.time_cost}$m={self.memory_cost}$p={self.parallelism}"

    @classmethod
    def parse(cls, text: str) -> KdfParams:
        parts = text.split("$")
        if not parts or parts[0] != "argon2id":
            raise ValueError(f"unknown key derivation: {parts[0] if parts else text!r}")
        values = dict(p.split("=", 1) for p in parts[1:])
        return cls(int(values["t"]), int(values["m"]), int(values["p"]))


# About 0.2 s on an office PC: paid once at sign-in. Tests lower it (never stored defaults).
DEFAULT_KDF = KdfParams()


def derive_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    secret = unicodedata.normalize("NFC", password).encode("utf-8")
    return hash_secret_raw(
        secret,
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=aead.KEY_BYTES,
        type=Type.ID,
    )


@dataclass(frozen=True, repr=False)
class ProtectedPrivateKey:
    """What is stored for one holder: the public key and the encrypted private key."""

    public_key: bytes
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    kdf: str

    def __repr__(self) -> str:
        return f"ProtectedPrivateKey(public={fingerprint(self.public_key)})"


def generate_private() -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    key = X25519PrivateKey.generate()
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_of(private_key: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = X25519PrivateKey.from_private_bytes(private_key)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def protect_private(
    private_key: bytes, password: str, params: KdfParams | None = None
) -> ProtectedPrivateKey:
    params = params or DEFAULT_KDF
    public = public_of(private_key)
    salt = os.urandom(SALT_BYTES)
    kek = derive_key(password, salt, params)
    nonce, ciphertext = aead.encrypt(kek, private_key, PRIVATE_AAD + public)
    return ProtectedPrivateKey(public, salt, nonce, ciphertext, params.text())


def generate_protected(
    password: str, params: KdfParams | None = None
) -> tuple[bytes, ProtectedPrivateKey]:
    """A new key pair: ``(private key, what to store)``."""
    private_key = generate_private()
    return private_key, protect_private(private_key, password, params)


def unlock_private(protected: ProtectedPrivateKey, password: str) -> bytes:
    """The private key, or ``WrongPassword``."""
    kek = derive_key(password, protected.salt, KdfParams.parse(protected.kdf))
    try:
        private_key = aead.decrypt(
            kek, protected.nonce, protected.ciphertext, PRIVATE_AAD + protected.public_key
        )
    except DecryptionFailed as exc:
        raise WrongPassword("wrong password") from exc
    if public_of(private_key) != protected.public_key:
        raise WrongPassword("key pair mismatch")
    return private_key


def _seal_key(
    shared: bytes, ephemeral_public: bytes, recipient_public: bytes, info: bytes
) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(),
        length=aead.KEY_BYTES,
        salt=ephemeral_public + recipient_public,
        info=SEAL_INFO + b"|" + info,
    ).derive(shared)


def seal(recipient_public: bytes, secret: bytes, info: bytes = b"") -> bytes:
    """Encrypt ``secret`` so only the holder of the matching private key can open it.

    Layout: ephemeral public key (32) | nonce (12) | AES-GCM ciphertext and tag.
    """
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    key = _seal_key(shared, ephemeral_public, recipient_public, info)
    nonce, ciphertext = aead.encrypt(key, secret, info)
    return ephemeral_public + nonce + ciphertext


def open_sealed(private_key: bytes, sealed: bytes, info: bytes = b"") -> bytes:
    """Open what ``seal`` produced; ``DecryptionFailed`` for another key or altered bytes."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

    if len(sealed) < PUBLIC_BYTES + aead.NONCE_BYTES + 16:
        raise DecryptionFailed("sealed data too short")
    ephemeral_public = sealed[:PUBLIC_BYTES]
    nonce = sealed[PUBLIC_BYTES : PUBLIC_BYTES + aead.NONCE_BYTES]
    ciphertext = sealed[PUBLIC_BYTES + aead.NONCE_BYTES :]
    me = X25519PrivateKey.from_private_bytes(private_key)
    try:
        shared = me.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError as exc:  # an all-zero shared secret: not produced by ``seal``
        raise DecryptionFailed("bad ephemeral key") from exc
    key = _seal_key(shared, ephemeral_public, public_of(private_key), info)
    return aead.decrypt(key, nonce, ciphertext, info)


def fingerprint(public_key: bytes) -> str:
    """A short, readable fingerprint ("3F2A-91C0-…") to compare keys by eye."""
    digest = hashlib.sha256(public_key).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))
