"""Use-case services. Each public call is one unit of work: it opens a session,
commits or rolls back, and returns plain dataclasses (never live ORM objects)."""
