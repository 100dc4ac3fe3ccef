"""One module per page group; `server.main.create_app` mounts them under /staff."""
