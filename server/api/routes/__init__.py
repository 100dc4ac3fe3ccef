"""One module per resource; `main.create_app` mounts them all."""
