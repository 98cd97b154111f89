"""Bundled rule packs and vocabularies (data only); installed as the package ``zhenggai_rules``."""
