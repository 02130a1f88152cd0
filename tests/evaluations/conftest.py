from tests.evaluations.factories import fact_sources

__all__ = ["fact_sources"]
