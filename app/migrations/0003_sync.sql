-- Schema version 3: sync. Households carry the hybrid-logical-clock timestamp of each field's
-- last write (filled for existing rows, and their waiting outbox entries, by the Python step
-- of the same number). Help sessions pulled from the team's other devices are marked. The
-- device's sync state. How often each guide is used (the media storage budget reads it).
ALTER TABLE households ADD COLUMN clocks JSON NOT NULL DEFAULT '{}';
ALTER TABLE help_sessions ADD COLUMN recorded_here BOOLEAN NOT NULL DEFAULT 1;

CREATE TABLE sync_state (
	id INTEGER NOT NULL,
	server_url VARCHAR NOT NULL,
	device_id INTEGER,
	device_name VARCHAR NOT NULL,
	team_id INTEGER,
	team_name VARCHAR NOT NULL,
	commune_id VARCHAR NOT NULL,
	cursor VARCHAR NOT NULL,
	last_attempt_at DATETIME,
	last_success_at DATETIME,
	last_error_code VARCHAR NOT NULL,
	last_error_message VARCHAR NOT NULL,
	revoked_at DATETIME,
	PRIMARY KEY (id)
);

CREATE TABLE guide_usage (
	code VARCHAR NOT NULL,
	uses INTEGER NOT NULL,
	last_used_at DATETIME,
	PRIMARY KEY (code)
)
