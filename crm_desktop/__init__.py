"""Branch CRM desktop: a PySide6 client on a shared PostgreSQL (see DESIGN.md)."""

__version__ = "0.1.0"
