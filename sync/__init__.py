"""Sync between the device and the central API: the client, one sync's steps (push, pull,
media), retries and the runner. The wire types both sides share are the top-level `wire`."""
