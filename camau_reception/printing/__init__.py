"""Paper: the NĐ 30/2020 document kernel and one module per form.

- ``fonts``: ``register_fonts()`` (the "DocSerif" family: Times New Roman, else the shipped
  Liberation Serif), ``font_source()``.
- ``formats``: numbers, dates and money as official documents write them.
- ``document``: ``OfficialDocument``, ``SignatureBlock``, ``render_pdf`` / ``build_many``,
  ``paragraph``, ``kinh_gui``, ``table``, ``styles``, ``esc``.
- ``pdftext``: ``pdf_text``, ``pdf_page_count`` (reading PDFs back in tests and checks).

Nothing here imports ReportLab at import time; the kernel loads it on first use.
"""
