"""The jixiao store: documents, forms and findings in SQLite or PostgreSQL."""
