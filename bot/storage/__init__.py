"""Storage: the database (SQLite, or PostgreSQL shared by several workers), its migrations,
backups of the SQLite file, and the copy from SQLite into PostgreSQL."""
