"""The staff's HTML pages (/staff): login, the report dashboard, a team's devices and enrolment
codes, teams and accounts, content publishing. Server-rendered, no script; they call the same
services as the JSON API."""
