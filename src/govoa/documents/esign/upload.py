"""An uploaded PDF to verify: read within the upload limit, refused in Chinese when it is
not a PDF (an altered PDF is still read: finding that out is the point)."""

from django.conf import settings

from govoa.core.errors import ValidationFailed
from govoa.documents.esign.verify import Report, verify_pdf


def verify_upload(upload: object) -> Report:
    limit = settings.GOVOA_UPLOAD_MAX_BYTES
    data = upload.read(limit + 1)  # type: ignore[attr-defined]
    if not data:
        raise ValidationFailed(fields={"file": ["请上传要验证的 PDF 文件。"]})
    if len(data) > limit:
        raise ValidationFailed(
            fields={"file": [f"文件超过 {limit // (1024 * 1024)} MB，无法验证。"]}
        )
    if b"%PDF-" not in data[:1024]:
        raise ValidationFailed(fields={"file": ["不是 PDF 文件。"]})
    return verify_pdf(data)
