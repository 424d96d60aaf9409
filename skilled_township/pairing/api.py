"""Households, incomes, pairings and visits (scoped)."""

routes = []
