-- Schema version 7: help sessions carry the hybrid-logical-clock timestamp of their version,
-- so versions are ordered by it and not by the phone's wall clock (filled for existing rows,
-- and their waiting outbox entries, by the Python step of the same number). Records the server
-- refused are set aside, with why, until the volunteer fixes or discards them. A place the
-- server retired is kept (households may lie in it) but no longer offered.
ALTER TABLE help_sessions ADD COLUMN clock VARCHAR NOT NULL DEFAULT '';

CREATE TABLE set_aside (
	id INTEGER NOT NULL,
	record_type VARCHAR NOT NULL,
	record_id VARCHAR NOT NULL,
	payload JSON NOT NULL,
	code VARCHAR NOT NULL,
	field VARCHAR NOT NULL,
	params JSON NOT NULL,
	message VARCHAR NOT NULL,
	message_en VARCHAR NOT NULL,
	set_aside_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (record_type, record_id)
);

ALTER TABLE areas ADD COLUMN retired BOOLEAN NOT NULL DEFAULT 0
