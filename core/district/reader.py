"""Reading an exchange package without trusting it: every check passes before any of it is used.

In order: the file's size; the zip directory (safe, unique, known names; sizes under the caps and plausible
packing ratios — a zip bomb is refused here, before anything is inflated); the manifest's exact shape and
format version; the Ed25519 signature over the manifest's bytes; the members against the manifest's list
(names and sizes); each member's bytes against its SHA-256 while never inflating past its size; every record's
fields; and the records against each other (counts, years, UUIDs, people, attachments). Pinning the signer's
key to the unit is the receiver's part (core.district.receive).
"""
from __future__ import annotations

import hashlib
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from core.district import fmt, keys
from core.district.fmt import PackageError, refused
from core.errors import describe_os_error

# Whatever a damaged or hostile zip makes zipfile raise: all of it means "damaged", never a traceback.
ZIP_TROUBLE = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, zlib.error, EOFError,
               ValueError, struct.error, OverflowError, KeyError, IndexError)
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
CHUNK = 1 << 20


@dataclass
class Package:
    file: Path
    manifest: dict
    sha256: str  # of the manifest's bytes, which name every member's hash: the package's identity
    fingerprint: str
    public_key: bytes
    records: dict[str, list[dict]]
    attachments: dict[str, Path] = field(default_factory=dict)  # sha256 → extracted file (when asked for)

    @property
    def unit(self) -> str:
        return self.manifest["unit"]["name"]

    @property
    def year(self) -> int:
        return self.manifest["year"]

    @property
    def created(self) -> str:
        return self.manifest["created"]


def read_package(path: Path | str, work: Path | None = None) -> Package:
    """Check all of `path`; with `work`, attachment files are extracted there (after their checks)."""
    path = Path(path)
    _check_file(path)
    try:
        with open(path, "rb") as raw, zipfile.ZipFile(raw) as zf:
            infos = _directory(path, zf)
            raw_manifest = _member_bytes(path, zf, infos.get(fmt.MANIFEST), fmt.MAX_MANIFEST_BYTES, "清单")
            manifest = fmt.parse_manifest(path, raw_manifest)
            public = _signed(path, zf, infos, raw_manifest, manifest)
            _listed(path, infos, manifest)
            records = {kind: _records(path, zf, infos[member], manifest["files"][member], kind)
                       for member, kind in fmt.DATA_MEMBERS.items()}
            _consistent(path, manifest, records, infos)
            attachments = _attachments(path, zf, infos, manifest, work)
    except PackageError:
        raise
    except ZIP_TROUBLE as exc:
        raise refused(path, f"文件已损坏或不完整，也可能不是 LawDesk 汇总报送包（{type(exc).__name__}）") from exc
    except OSError as exc:
        raise PackageError(describe_os_error(exc, "读取报送包") + f"\n\n{fmt.NOTHING_WRITTEN}") from exc
    return Package(path, manifest, hashlib.sha256(raw_manifest).hexdigest(), keys.fingerprint(public), public,
                   records, attachments)


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise PackageError(f"找不到报送包“{path}”，请重新选择。")
    size = path.stat().st_size
    if size == 0:
        raise refused(path, "文件是空的（0 字节），可能没有复制完整")
    if size > fmt.MAX_PACKAGE_BYTES:
        raise refused(path, "文件大得不合常理")


# -- the zip directory ------------------------------------------------------------------------------
def _directory(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > fmt.MAX_MEMBERS:
        raise refused(path, f"文件中的条目超过 {fmt.MAX_MEMBERS} 个")
    by_name: dict[str, zipfile.ZipInfo] = {}
    attachments_total = 0
    for info in infos:
        name = info.filename
        _safe_name(path, name)
        if name in by_name:
            raise refused(path, f"条目“{name}”出现了两次，文件可能被改动过")
        by_name[name] = info
        if info.flag_bits & 0x1 or info.compress_type not in _METHODS:
            raise refused(path, f"“{name}”是加密的或使用了 LawDesk 不会使用的压缩方式")
        cap = _cap(name)
        if info.file_size > cap:
            raise refused(path, f"“{name}”解压后有 {info.file_size} 字节，超过上限，可能是恶意构造的压缩包")
        if info.file_size > fmt.RATIO_FREE_BYTES and info.file_size > fmt.MAX_RATIO * max(info.compress_size, 1):
            raise refused(path, f"“{name}”的压缩比大得不合常理，可能是恶意构造的压缩包（“压缩炸弹”）")
        if fmt.ATTACHMENT_MEMBER.match(name):
            attachments_total += info.file_size
    if attachments_total > fmt.MAX_ATTACHMENT_TOTAL:
        raise refused(path, "附件合计大得不合常理")
    for required in (fmt.MANIFEST, fmt.SIGNATURE):
        if required not in by_name:
            raise refused(path, f"缺少“{required}”，它不是完整的 LawDesk 汇总报送包")
    return by_name


def _safe_name(path: Path, name: str) -> None:
    """Only the names a package has: no absolute path, drive, `..`, backslash, folder entry or unknown member."""
    parts = name.split("/")
    if (not name or name.startswith("/") or "\\" in name or ":" in name or "\x00" in name
            or any(p in ("", ".", "..") for p in parts)):
        raise refused(path, f"含有不安全的路径“{name[:80]}”（绝对路径、“..”或反斜杠），可能是恶意构造的文件")
    if name not in (fmt.MANIFEST, fmt.SIGNATURE) and name not in fmt.DATA_MEMBERS \
            and not fmt.ATTACHMENT_MEMBER.match(name):
        raise refused(path, f"含有不认识的文件“{name[:80]}”")


def _cap(name: str) -> int:
    if name == fmt.MANIFEST:
        return fmt.MAX_MANIFEST_BYTES
    if name == fmt.SIGNATURE:
        return keys.SIGNATURE_BYTES
    if name in fmt.DATA_MEMBERS:
        return fmt.MAX_DATA_BYTES
    from core.attachments import MAX_ATTACHMENT_BYTES

    return MAX_ATTACHMENT_BYTES


# -- reading members, bounded ------------------------------------------------------------------------
def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, never more than its directory entry says (zipfile checks the CRC at the end)."""
    seen = 0
    with zf.open(info) as src:
        while block := src.read(CHUNK):
            seen += len(block)
            if seen > info.file_size:
                raise zipfile.BadZipFile("解压后的大小超过了声明的大小")
            yield block
    if seen != info.file_size:
        raise zipfile.BadZipFile("解压后的大小与声明的不符")


def _member_bytes(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo | None, cap: int, what: str) -> bytes:
    if info is None or info.file_size > cap:
        raise refused(path, f"{what}缺失或大得不合常理")
    return b"".join(_chunks(zf, info))


def _signed(path: Path, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], raw_manifest: bytes,
            manifest: dict) -> bytes:
    public = keys.decode_public(manifest["signer"]["public_key"])
    if public is None:
        raise refused(path, "清单中的签名公钥格式不对")
    signature = _member_bytes(path, zf, infos[fmt.SIGNATURE], keys.SIGNATURE_BYTES, "签名")
    if len(signature) != keys.SIGNATURE_BYTES or not keys.verify(public, signature, raw_manifest):
        raise refused(path, "签名与内容不符：文件在发出后被改动过，或不是由报送单位的 LawDesk 生成的")
    return public


def _listed(path: Path, infos: dict[str, zipfile.ZipInfo], manifest: dict) -> None:
    """The zip holds exactly the members the (signed) manifest lists, each of the listed size."""
    members = set(infos) - {fmt.MANIFEST, fmt.SIGNATURE}
    listed = set(manifest["files"])
    if members - listed:
        raise refused(path, f"含有清单之外的文件“{sorted(members - listed)[0]}”，可能被改动过")
    if listed - members:
        raise refused(path, f"缺少清单中的文件“{sorted(listed - members)[0]}”，文件不完整")
    for name in fmt.DATA_MEMBERS:
        if name not in members:
            raise refused(path, f"缺少数据文件“{name}”")
    for name in members:
        if infos[name].file_size != manifest["files"][name]["size"]:
            raise refused(path, f"“{name}”的大小与清单不符，可能被改动过")


def _records(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict, kind: str) -> list[dict]:
    data = b"".join(_chunks(zf, info))
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise refused(path, f"“{info.filename}”的内容与清单中的校验值不符，文件已损坏或被改动过")
    check = fmt.RECORD_CHECKS[kind]
    out = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line:
            continue
        if len(line) > fmt.MAX_LINE_BYTES or len(out) >= fmt.MAX_RECORDS:
            raise refused(path, f"“{info.filename}”第 {number} 行过长或记录过多")
        try:
            out.append(check(json.loads(line)))
        except RecursionError:
            raise refused(path, f"“{info.filename}”第 {number} 行结构嵌套过深") from None
        except ValueError as exc:
            raise refused(path, f"“{info.filename}”第 {number} 行不合规：{exc}") from None
    return out


# -- the records against each other ------------------------------------------------------------------
def _consistent(path: Path, manifest: dict, records: dict[str, list[dict]],
                infos: dict[str, zipfile.ZipInfo]) -> None:
    year = manifest["year"]
    attachments = [n for n in infos if fmt.ATTACHMENT_MEMBER.match(n)]
    counted = {**{k: len(v) for k, v in records.items()}, "attachments": len(attachments)}
    if counted != manifest["counts"]:
        raise refused(path, "记录条数与清单不符，文件不完整或被改动过")
    if len(records["report"]) > 1:
        raise refused(path, "含有不止一份年度报告")
    for kind, rows in records.items():
        if len({r["uuid"] for r in rows}) != len(rows):
            raise refused(path, f"{_LABEL[kind]}中有重复的记录标识（UUID）")
    wrong = next((r for r in records["sessions"] if int(r["held_on"][:4]) != year), None) \
        or next((r for r in records["items"] + records["report"] if r["year"] != year), None)
    if wrong is not None:
        raise refused(path, f"含有不属于 {year} 年度的记录（{wrong['uuid']}）")
    people = {p["uuid"] for p in records["staff"]}
    if any(a[0] not in people for s in records["sessions"] for a in s["attendees"]):
        raise refused(path, "学法记录的参学人员不在人员名单中，数据前后不一致")
    referenced = {f["sha256"] for s in records["sessions"] for f in s["attachments"]}
    referenced |= {f["sha256"] for i in records["items"] for f in i["evidence"]}
    stray = [n for n in attachments if n.rsplit("/", 1)[1] not in referenced]
    if stray:
        raise refused(path, f"附件“{stray[0]}”不属于任何记录")


_LABEL = {"staff": "人员名单", "sessions": "学法记录", "items": "整改事项", "report": "年度报告"}


# -- attachment files -----------------------------------------------------------------------------------
def _attachments(path: Path, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], manifest: dict,
                 work: Path | None) -> dict[str, Path]:
    """Hash every attachment (extracting it into `work` when given) against its name and the manifest."""
    out: dict[str, Path] = {}
    for name, info in infos.items():
        match = fmt.ATTACHMENT_MEMBER.match(name)
        if not match:
            continue
        sha = match.group(1)
        target = work / sha if work is not None else None
        got = _copy_hashing(zf, info, target)
        if got != sha or got != manifest["files"][name]["sha256"]:
            if target is not None:
                with suppress(OSError):
                    target.unlink()
            raise refused(path, f"附件“{name}”的内容与校验值不符，文件已损坏或被改动过")
        if target is not None:
            out[sha] = target
    return out


def _copy_hashing(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path | None) -> str:
    digest = hashlib.sha256()
    out = open(target, "wb") if target is not None else None  # noqa: SIM115 - closed below
    try:
        for block in _chunks(zf, info):
            digest.update(block)
            if out is not None:
                out.write(block)
        if out is not None:
            out.flush()
            os.fsync(out.fileno())
    finally:
        if out is not None:
            out.close()
    return digest.hexdigest()
