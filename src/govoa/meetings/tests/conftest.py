from govoa.testing.smtp import smtp_server

# Listed so the imported fixture counts as used: pytest finds fixtures by name here.
__all__ = ["smtp_server"]
