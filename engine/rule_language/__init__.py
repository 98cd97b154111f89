"""The rule language: schema, loader, configuration and compiler."""
