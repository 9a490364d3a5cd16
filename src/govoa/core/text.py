"""Text as it goes into XML files the system writes (DOCX, XLSX)."""

import re

# Characters XML 1.0 cannot hold: C0 controls other than tab and line breaks, and the
# non-characters U+FFFE/U+FFFF. Typed or pasted text may carry them; the files must not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)
