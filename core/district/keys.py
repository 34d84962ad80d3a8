"""This installation's signing key (Ed25519) and the short fingerprints two clerks compare by phone.

The key pair is made the first time a package is signed and kept beside the database as
`<db stem>.exchange-key` (PKCS#8 PEM, mode 0600), not in it: a backup or a copied database handed to
someone else does not carry the unit's private key, and restoring a backup on a new PC makes a new key,
which the receiver is asked to confirm — exactly the moment a clerk should be phoned. It follows the
database rather than the OS user because the database is the unit (its profile, its records): one
person keeping two units' databases signs each with its own key.
"""
from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from core.errors import LawDeskError

KEY_SUFFIX = ".exchange-key"
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64


def key_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).stem + KEY_SUFFIX)


def fingerprint(public_raw: bytes) -> str:
    """16 hex digits of the key's SHA-256 in groups of four (`3F2A-9C1B-07DE-55A0`): short enough to read
    out on the phone, long enough that nobody can make another key to match it."""
    digest = hashlib.sha256(public_raw).hexdigest()[:16].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def decode_public(text: str) -> bytes | None:
    """The 32 raw bytes of a base64 public key, or None when it is not one."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None
    return raw if len(raw) == PUBLIC_KEY_BYTES else None


def verify(public_raw: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Signer:
    private: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_raw)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def load_or_create(db_path: Path) -> Signer:
    """The installation's key, made (and saved with owner-only permissions) on first use."""
    path = key_path(db_path)
    if not path.exists():
        _create(path)
    return _load(path)


def own_fingerprint(db_path: Path) -> str:
    return load_or_create(db_path).fingerprint


def existing_fingerprint(db_path: Path) -> str | None:
    """The fingerprint of the key already made, None before the first package (showing it makes none)."""
    return _load(key_path(db_path)).fingerprint if key_path(db_path).exists() else None


def _load(path: Path) -> Signer:
    _owner_only(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise LawDeskError(
            f"签名密钥文件“{path}”已损坏，无法签名报送包。请删除这个文件后重试：程序会生成新的密钥，"
            "上级单位导入时会提示密钥已更换，请电话告知对方新的指纹。") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise LawDeskError(f"“{path}”不是 LawDesk 的签名密钥。请删除或移走这个文件后重试。")
    return Signer(key)


def _create(path: Path) -> None:
    """Write a new key under a temporary name, then link it into place: two processes making a key at once
    end up with one of them, never with a half-written file or a key that was used and then overwritten."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made one first: use that
        except OSError:
            if not path.exists():  # a file system without hard links
                os.replace(tmp, path)
    finally:
        with suppress(OSError):
            os.unlink(tmp)


def _owner_only(path: Path) -> None:
    """Tighten a key file others may read (copied with default permissions) to 0600 (POSIX; Windows keeps
    the user-profile folder's own ACL)."""
    if sys.platform == "win32":
        return
    with suppress(OSError):
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
