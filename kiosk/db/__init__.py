"""Database: typed SQLAlchemy models, engine factory, Alembic migrations."""
