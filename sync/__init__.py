"""Sync between the device and the central API. `sync.protocol` holds the wire types both
sides share."""
