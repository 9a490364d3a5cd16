"""Optional virus scan of uploads by clamd on the loopback (``GOVOA_CLAMD_PORT``; 0: off).
The file is streamed with clamd's INSTREAM command. Found → the upload is refused; clamd
configured but not answering → refused too (fail closed), with a message for the operator."""

import socket
import struct
from typing import Any

from django.conf import settings

from govoa.core.errors import GovOAError

_CHUNK = 64 * 1024


class VirusFound(GovOAError):
    code = "virus_found"
    status = 400


class ScannerUnavailable(GovOAError):
    code = "scanner_unavailable"
    status = 503


def enabled() -> bool:
    return int(getattr(settings, "GOVOA_CLAMD_PORT", 0) or 0) > 0


def scan(stream: Any, *, label: str) -> None:
    """Raise ``VirusFound`` or ``ScannerUnavailable``; return when clean or scanning is off."""
    if not enabled():
        return
    address = ("127.0.0.1", int(settings.GOVOA_CLAMD_PORT))
    try:
        with socket.create_connection(address, timeout=settings.GOVOA_CLAMD_TIMEOUT) as conn:
            conn.sendall(b"zINSTREAM\0")
            stream.seek(0)
            while chunk := stream.read(_CHUNK):
                conn.sendall(struct.pack(">I", len(chunk)) + chunk)
            conn.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise ScannerUnavailable(
            "病毒扫描服务（clamd）暂时不可用，文件未上传。请稍后再试，或联系系统管理员。"
        ) from exc
    finally:
        stream.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith("FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        raise VirusFound(f"“{label}”检出病毒或恶意代码（{signature}），已拒绝上传。")
    if not answer.endswith("OK"):
        raise ScannerUnavailable(f"病毒扫描服务未能扫描“{label}”，文件未上传：{answer[:100]}")
