"""The envelope-encryption primitives: what opens, what fails, and that failures are clean."""

from __future__ import annotations

import pytest

from camau_reception.crypto import aead, keypair, recovery
from camau_reception.crypto.errors import (
    DecryptionFailed,
    MalformedRecoveryKey,
    WrongPassword,
    WrongRecoveryKey,
)

FAST = keypair.KdfParams(time_cost=1, memory_cost=8, parallelism=1)


def test_aead_round_trip_and_binding():
    key = aead.new_key()
    nonce, ct = aead.encrypt(key, b"Nguyen Van To", b"case:1")
    assert b"Nguyen" not in ct
    assert aead.decrypt(key, nonce, ct, b"case:1") == b"Nguyen Van To"
    with pytest.raises(DecryptionFailed):
        aead.decrypt(key, nonce, ct, b"case:2")  # copied onto another record
    tampered = bytes([ct[0] ^ 1]) + ct[1:]
    with pytest.raises(DecryptionFailed):
        aead.decrypt(key, nonce, tampered, b"case:1")
    with pytest.raises(DecryptionFailed):
        aead.decrypt(aead.new_key(), nonce, ct, b"case:1")


def test_padding_hides_length():
    short, long = aead.pad(b"An"), aead.pad(b"Nguyen Thi Hong Nhung Tran")
    assert len(short) == len(long) == aead.PAD_BLOCK
    assert aead.unpad(long) == b"Nguyen Thi Hong Nhung Tran"


def test_private_key_opens_only_with_its_password():
    private, protected = keypair.generate_protected("mat-khau-dung-1", FAST)
    assert keypair.unlock_private(protected, "mat-khau-dung-1") == private
    with pytest.raises(WrongPassword):
        keypair.unlock_private(protected, "mat-khau-sai-22")
    assert private not in protected.ciphertext
    assert "argon2id" in protected.kdf
    assert "public=" in repr(protected) and private.hex() not in repr(protected)


def test_password_is_nfc_normalised():
    nfd = "mật khẩu".encode().decode()  # composed
    import unicodedata

    _private, protected = keypair.generate_protected(unicodedata.normalize("NFD", nfd), FAST)
    keypair.unlock_private(protected, unicodedata.normalize("NFC", nfd))


def test_seal_opens_only_for_the_recipient():
    alice = keypair.generate_private()
    bob = keypair.generate_private()
    sealed = keypair.seal(keypair.public_of(alice), b"data key", b"info")
    assert keypair.open_sealed(alice, sealed, b"info") == b"data key"
    with pytest.raises(DecryptionFailed):
        keypair.open_sealed(bob, sealed, b"info")
    with pytest.raises(DecryptionFailed):
        keypair.open_sealed(alice, sealed, b"other purpose")
    with pytest.raises(DecryptionFailed):
        keypair.open_sealed(alice, sealed[:20], b"info")
    # Two seals of the same secret differ (fresh ephemeral key each time).
    assert keypair.seal(keypair.public_of(alice), b"x") != keypair.seal(
        keypair.public_of(alice), b"x"
    )


def test_recovery_key_format_typos_and_wrong_key():
    key = recovery.generate()
    text = key.text
    groups = text.split("-")
    assert len(groups) == 9 and all(len(g) == 4 for g in groups)
    # Case, spaces and a misread O/0 do not matter.
    typed = text.lower().replace("-", " ").replace("0", "o")
    assert recovery.parse(typed).secret == key.secret
    wrapped = recovery.wrap(key, b"d" * 32)
    assert recovery.unwrap(recovery.parse(typed), wrapped) == b"d" * 32
    # One wrong character is caught by the checksum, before any decryption.
    pos = 3
    wrong_char = "A" if text[pos] != "A" else "B"
    with pytest.raises(MalformedRecoveryKey):
        recovery.parse(text[:pos] + wrong_char + text[pos + 1 :])
    with pytest.raises(MalformedRecoveryKey):
        recovery.parse(text[:-5])
    # A well-formed key of another set-up fails as a wrong key.
    with pytest.raises(WrongRecoveryKey):
        recovery.unwrap(recovery.generate(), wrapped)
    assert "****" in repr(key)


def test_fingerprint_is_stable_and_short():
    public = keypair.public_of(keypair.generate_private())
    assert keypair.fingerprint(public) == keypair.fingerprint(public)
    assert len(keypair.fingerprint(public)) == 19
