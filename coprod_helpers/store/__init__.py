"""The project store: a real database (SQLite by default, PostgreSQL given a URL)."""
from .access import ReviewerKey
from .models import Project, Record, Version
from .project_store import REVIEW_STATUSES, Store, open_store

__all__ = ["open_store", "Store", "Project", "Record", "Version", "ReviewerKey", "REVIEW_STATUSES"]
