"""Evaluating compiled rules over facts: the durable_rules backend, the Python reference, the runner."""
