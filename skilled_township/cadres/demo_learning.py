"""Demo learning plans and study records for the demo cadres (called from ``cadres.demo``)."""


def seed(state: dict) -> None:
    """Plans and study records are added by the learning-plan pages' demo data."""
