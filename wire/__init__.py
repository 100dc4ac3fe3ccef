"""The records as they travel between the devices and the central API, written once.

The app, the sync client, the server and the content build import it; it imports nothing of
ours (the standard library and pydantic only):

- `wire.clock`: time (stored in UTC, shown in Asia/Ho_Chi_Minh).
"""
