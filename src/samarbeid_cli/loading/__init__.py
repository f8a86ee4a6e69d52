"""YAML files -> records. The only package that reads data files; findings carry path:line."""
