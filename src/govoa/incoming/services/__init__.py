"""Every write of 收文: registration, the domain part of each flow act, extensions, the
hand-over to the archive."""
