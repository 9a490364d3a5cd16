"""电子印章: the deployment's CA and one key per seal (``keys``), the seal's image
(``image``), stamping a PDF as a PAdES signature (``stamp``), checking one (``verify``), and
the service a module's 用印 step calls (``service``)."""
