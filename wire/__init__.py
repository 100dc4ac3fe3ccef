"""The records as they travel between the devices and the central API, written once.

The app, the sync client, the server and the content build import it; it imports nothing of
ours (the standard library and pydantic only). One job per module:

- `wire.clock`: time (stored in UTC, shown in Asia/Ho_Chi_Minh);
- `wire.hlc`: the hybrid logical clock and THE merge rule of two versions of a household;
- `wire.rules`: the limits as named numbers, the checks of text, dates and ids, `RuleBroken`;
- `wire.messages`: the catalogue of texts (Vietnamese and English) by stable code;
- `wire.fields`: the strict model base and field types; pydantic's faults as our codes;
- `wire.records`: what a device pushes (households, help sessions, erasures, guide opens);
- `wire.guides`: a published guide, as the content manifest and the pull answer hold it;
- `wire.api`: the API's prefix, batch limit, requests and answers (push, pull, enrolment).
"""
