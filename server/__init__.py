"""The central API: enrolment and auth, sync endpoints, media, content publishing, public guide
pages. Start it with `python -m server`; build an app in code with `server.main.create_app()`."""
