"""Writing an exchange package: records as JSON lines, attachment files, the manifest, then its signature.

`write_package` takes records however they were made (the unit's own through `collect`, or a benchmark's
synthetic ones) and streams each member into the zip through SHA-256, so the manifest lists exactly the bytes
written. The file appears at its path only when complete (written beside it, then renamed).
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from core import version
from core.attachments import blob_path
from core.district import fmt
from core.district.keys import Signer, encode
from core.files import atomic_save

CHUNK = 1 << 20
Progress = Callable[..., None] | None


@dataclass(frozen=True)
class Written:
    path: Path
    counts: dict[str, int]
    fingerprint: str
    missing_attachments: list[str]


def write_package(path: Path | str, *, unit: dict, year: int, created: str, signer: Signer, schema: str,
                  records: dict[str, Iterable[dict]], attachments: dict[str, Path] | None = None,
                  progress: Progress = None) -> Written:
    """Write the package; `attachments` maps sha256 → the file holding those bytes (None: metadata only)."""
    path = Path(path)
    result: dict = {}

    def write(tmp: str) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            files, counts = _write_data(zf, records, progress)
            counts["attachments"], missing = _write_attachments(zf, files, attachments or {}, progress)
            manifest = _manifest(unit, year, created, signer, schema, counts, files)
            zf.writestr(_info(fmt.MANIFEST), manifest)
            zf.writestr(_info(fmt.SIGNATURE, zipfile.ZIP_STORED), signer.sign(manifest))
        result.update(counts=counts, missing=missing)

    atomic_save(path, fmt.SUFFIX, write)
    return Written(path, result["counts"], signer.fingerprint, result["missing"])


def _info(name: str, method: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    # a fixed timestamp: the manifest's `created` is the package's time, the zip's own dates say nothing
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = method
    return info


def _manifest(unit: dict, year: int, created: str, signer: Signer, schema: str, counts: dict[str, int],
              files: dict[str, dict]) -> bytes:
    manifest = {
        "format": fmt.FORMAT, "format_version": fmt.FORMAT_VERSION, "app_version": version.app_version(""),
        "schema": schema, "unit": unit, "year": year, "created": created,
        "signer": {"algorithm": "Ed25519", "public_key": encode(signer.public_raw)},
        "counts": counts, "files": files,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


class _Hashing:
    """A zip member being written, hashed and counted on the way."""

    def __init__(self, zf: zipfile.ZipFile, name: str, method: int) -> None:
        self.out = zf.open(_info(name, method), "w", force_zip64=True)
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.out.write(data)

    def close(self) -> dict:
        self.out.close()
        return {"sha256": self.digest.hexdigest(), "size": self.size}


def _write_data(zf: zipfile.ZipFile, records: dict[str, Iterable[dict]], progress: Progress
                ) -> tuple[dict[str, dict], dict[str, int]]:
    files: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for member, kind in fmt.DATA_MEMBERS.items():
        out = _Hashing(zf, member, zipfile.ZIP_DEFLATED)
        count = 0
        for row in records.get(kind, ()):
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))
            out.write(b"\n")
            count += 1
            if progress and count % 1000 == 0:
                progress(count, 0, f"正在写入{_NOUNS[kind]}（{count}）…")
        files[member] = out.close()
        counts[kind] = count
    return files, counts


_NOUNS = {"staff": "人员学时", "sessions": "学法记录", "items": "整改事项", "report": "年度报告"}


def _write_attachments(zf: zipfile.ZipFile, files: dict[str, dict], attachments: dict[str, Path],
                       progress: Progress) -> tuple[int, list[str]]:
    """Each file whose bytes still match its name; a lost or damaged one is left out and listed as missing
    (hashed before it is added: a zip member once begun cannot be taken back)."""
    written, missing = 0, []
    for i, (sha, source) in enumerate(sorted(attachments.items())):
        if progress:
            progress(i, len(attachments), "正在写入附件…")
        if _sha_of(source) != sha:
            missing.append(sha)
            continue
        out = _Hashing(zf, f"attachments/{sha}", zipfile.ZIP_STORED)
        with open(source, "rb") as src:
            while block := src.read(CHUNK):
                out.write(block)
        files[f"attachments/{sha}"] = out.close()
        written += 1
    return written, missing


def _sha_of(source: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as src:
            while block := src.read(CHUNK):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def attachment_files(attachments_dir: Path, shas: Iterable[str]) -> dict[str, Path]:
    return {sha: blob_path(attachments_dir, sha) for sha in shas}
