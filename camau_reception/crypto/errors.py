"""Low-level failures; services turn them into Vietnamese messages for the user."""

from __future__ import annotations


class CryptoError(Exception):
    """Base of every failure in ``camau_reception.crypto``. Messages never carry secrets."""


class DecryptionFailed(CryptoError):
    """Wrong key, or the ciphertext was altered (AES-GCM authentication failed)."""


class WrongPassword(DecryptionFailed):
    """The password does not open this private key."""


class MalformedRecoveryKey(CryptoError):
    """The typed recovery key has the wrong length, a wrong character or a bad checksum."""


class WrongRecoveryKey(DecryptionFailed):
    """A well-formed recovery key that does not open the stored data key."""
