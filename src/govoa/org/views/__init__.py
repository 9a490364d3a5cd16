"""Screens of the organisation and system administration (系统管理)."""
