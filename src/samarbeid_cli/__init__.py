"""samarbeid: run a municipality's collaboration arenas for children and youth from data in git."""

__version__ = "0.2.0"
