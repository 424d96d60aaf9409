"""Appraisals, certificates, the talent pool and service requests (scoped), and the public verification."""

routes = []
