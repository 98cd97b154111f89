"""The facts stage: a Notice becomes flat dicts of scalars, one per subject, for the rule engine."""
