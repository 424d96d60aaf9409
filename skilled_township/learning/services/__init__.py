"""Rules and writes of learning, one module per concern: ``plans`` (the plan rule, plans, drafts and
confirmation), ``ledger`` (the study ledger, monthly summaries, one session for several cadres) and ``gaps``
(the demand-gap ranking and its roll-up over counties and the city)."""
