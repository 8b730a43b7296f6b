"""Data in: the bulk path (several aggregates per transaction) and the schools, teachers and
history importers (CSV and XLSX, Chinese or English headers). docs/IMPORT.md has the formats."""
