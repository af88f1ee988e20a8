"""Extraction stages. Each module is one stage: a pure function from text (and
language data) to mentions of one kind. `kroniek.pipeline` wires them in order."""
