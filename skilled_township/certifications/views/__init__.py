"""Pages, one module per concern: appraisals, certificates, compliance, talent pool, the public directory,
service requests, the service ledger, service cards and certificate verification."""
