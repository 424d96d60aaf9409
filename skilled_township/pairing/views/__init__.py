"""Pages, one module per concern: households (members, incomes, import and export), pairings and handovers,
targets and early warning, visits (民情日志) and their confirmation, the monthly visit norm."""
