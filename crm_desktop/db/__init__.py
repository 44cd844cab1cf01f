"""Database access: the embedded server, engines and sessions, ORM models, migrations."""
