"""Every write to organisation data (one module per concern)."""
