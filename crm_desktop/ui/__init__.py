"""The Qt GUI. It talks to the database only through services, and only from workers."""
