"""发文 screens: the 登记簿 (``register``), the document page with its editor, live preview,
核稿助手 findings and versions (``editor``), and its acts and downloads (``document``)."""
