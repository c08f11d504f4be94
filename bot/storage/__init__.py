"""SQLite storage: the connection, migrations and the repositories that own all SQL."""
