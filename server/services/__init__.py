"""The server's rules, one module per concern; routes and the CLI call these."""
