"""The pure rotation domain: aggregates, events, records, rules. Imports nothing but the standard
library and ``eventsourcing.domain``."""
