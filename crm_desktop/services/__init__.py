"""Domain logic: plain Python and SQLAlchemy/psycopg, never Qt."""
