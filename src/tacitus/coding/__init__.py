"""The coding stage: PLOVER type/mode → CAMEO, Goldstein, QuadClass, ACLED, contexts
(`codebook`, `contexts`), and the rules coder that assembles events (`rules`)."""
