"""The field app's domain, local store and services."""
