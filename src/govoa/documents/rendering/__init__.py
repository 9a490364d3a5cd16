"""GB/T 9704-2012 rendering: ``pdf.render_pdf``, ``pdf.html_to_pdf``, ``docx.render_docx``
(see docs/apps/documents-rendering.md)."""
