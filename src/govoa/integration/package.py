"""The exchange package between GovOA deployments (format ``govoa-exchange/1``): a zip with

    manifest.json   what is sent: package id, sender, receiver, the document's metadata, and
                    each file's name, size and SM3 digest
    signature.json  {"algorithm": "SM2-SM3", "public_key", "manifest_sm3", "signature"}: the
                    sender's SM2 signature over the exact bytes of manifest.json
    files/…         the official document (PDF) and its attachments

Reading checks everything before anything is stored, and refuses with a Chinese reason: a
signature that does not verify, a signer who is not a trusted peer, a file whose SM3 differs
from the manifest's, a file missing or added, a package for someone else."""

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from govoa.core.errors import ValidationFailed
from govoa.integration import sm2

FORMAT = "govoa-exchange/1"
RECEIPT_FORMAT = "govoa-exchange-receipt/1"
MAX_FILES = 50
MAX_BYTES = 100 * 1024 * 1024


def sm3_hex(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class PackedFile:
    name: str
    content: bytes


def build(
    *, manifest: dict[str, Any], files: list[PackedFile], private_key: str, public_key: str
) -> bytes:
    entries: list[dict[str, Any]] = []
    for order, packed in enumerate(files, start=1):
        entries.append(
            {
                "path": f"files/{order:02d}",
                "name": packed.name,
                "size": len(packed.content),
                "sm3": sm3_hex(packed.content),
            }
        )
    body = canonical({**manifest, "format": FORMAT, "files": entries})
    signature = {
        "algorithm": "SM2-SM3",
        "public_key": public_key,
        "manifest_sm3": sm3_hex(body),
        "signature": sm2.sign(private_key, public_key, body),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", body)
        archive.writestr("signature.json", canonical(signature))
        for entry, packed in zip(entries, files, strict=True):
            archive.writestr(entry["path"], packed.content)
    return buffer.getvalue()


@dataclass(frozen=True)
class Opened:
    manifest: dict[str, Any]
    manifest_sm3: str
    public_key: str
    files: list[PackedFile]


def _refuse(reason: str) -> ValidationFailed:
    return ValidationFailed(f"交换包无效：{reason}", fields={"package": [reason]})


def _read(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise _refuse(f"缺少 {name}。") from exc
    if info.file_size > limit:
        raise _refuse(f"{name} 过大。")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        # A modified byte inside a compressed member fails its CRC here.
        raise _refuse(f"{name} 已损坏或被改动（校验失败）。") from exc


def open_package(data: bytes) -> Opened:
    """The package's content once its signature and every digest check out (the signer's key
    is returned, for the caller to match against its trusted peers)."""
    if len(data) > MAX_BYTES:
        raise _refuse("文件过大。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError) as exc:
        raise _refuse("不是有效的交换包（zip 结构损坏）。") from exc
    with archive:
        body = _read(archive, "manifest.json", 1024 * 1024)
        try:
            signature = json.loads(_read(archive, "signature.json", 64 * 1024))
            manifest = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise _refuse("清单或签名不是有效的 JSON。") from exc
        if not isinstance(manifest, dict) or not isinstance(signature, dict):
            raise _refuse("清单或签名格式不对。")
        if manifest.get("format") != FORMAT or signature.get("algorithm") != "SM2-SM3":
            raise _refuse("格式版本不受支持。")
        public_key = str(signature.get("public_key", ""))
        if signature.get("manifest_sm3") != sm3_hex(body):
            raise _refuse("清单的 SM3 摘要与签名记录不一致，清单已被改动。")
        if not sm2.verify(public_key, str(signature.get("signature", "")), body):
            raise _refuse("SM2 签名验证失败，交换包已被改动或不是由声明的发送方签发。")
        entries = manifest.get("files")
        if (
            not isinstance(entries, list)
            or not entries
            or len(entries) > MAX_FILES
            or not all(isinstance(e, dict) and isinstance(e.get("path"), str) for e in entries)
        ):
            raise _refuse("清单中的文件列表无效。")
        expected = {"manifest.json", "signature.json"} | {str(e.get("path")) for e in entries}
        if set(names) != expected:
            raise _refuse("包内文件与清单不符（有多余或缺少的文件）。")
        files = []
        for entry in entries:
            content = _read(archive, str(entry["path"]), MAX_BYTES)
            if sm3_hex(content) != entry.get("sm3") or len(content) != entry.get("size"):
                raise _refuse(f"文件“{entry.get('name')}”的 SM3 摘要不符，文件已被改动。")
            files.append(PackedFile(str(entry.get("name") or entry["path"]), content))
    return Opened(manifest, sm3_hex(body), public_key, files)


def sign_receipt(receipt: dict[str, Any], *, private_key: str, public_key: str) -> dict[str, Any]:
    body = {**receipt, "format": RECEIPT_FORMAT}
    return {
        "receipt": body,
        "public_key": public_key,
        "signature": sm2.sign(private_key, public_key, canonical(body)),
    }


def open_receipt(data: bytes) -> tuple[dict[str, Any], str]:
    """The receipt and its signer's public key, once the signature checks out."""
    try:
        signed = json.loads(data)
        body, public_key = signed["receipt"], str(signed["public_key"])
        signature = str(signed["signature"])
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise ValidationFailed(
            "回执无效：不是有效的签收回执。", fields={"receipt": ["不是有效的签收回执。"]}
        ) from exc
    if not isinstance(body, dict) or body.get("format") != RECEIPT_FORMAT:
        raise ValidationFailed("回执无效：格式不受支持。", fields={"receipt": ["格式不受支持。"]})
    if not sm2.verify(public_key, signature, canonical(body)):
        raise ValidationFailed(
            "回执无效：SM2 签名验证失败，回执已被改动。",
            fields={"receipt": ["SM2 签名验证失败，回执已被改动。"]},
        )
    return body, public_key
