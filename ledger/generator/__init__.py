"""A synthetic county (``ledger generate``): schools of every kind in school districts, teachers
and leaders, and years of rotation history recorded the way a county would record it.

Deterministic: the same teachers, years, seed and ``as_of`` give byte-identical event payloads;
recorded times come from the simulated clock. The history streams year by year, so a county of
any size is generated in bounded memory.
"""

from ledger.generator.simulate import GeneratedCounty, generate, write_files, write_into
from ledger.generator.world import DEFAULT_AS_OF, GeneratorConfig

__all__ = ["DEFAULT_AS_OF", "GeneratedCounty", "GeneratorConfig", "generate", "write_files", "write_into"]
