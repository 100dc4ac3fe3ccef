-- Schema version 1: the first released schema of the device database.
CREATE TABLE areas (
	id VARCHAR NOT NULL,
	parent_id VARCHAR,
	level VARCHAR NOT NULL,
	name VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(parent_id) REFERENCES areas (id)
);
CREATE INDEX ix_areas_parent_id ON areas (parent_id);

CREATE TABLE categories (
	code VARCHAR NOT NULL,
	name VARCHAR NOT NULL,
	name_en VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (code)
);

CREATE TABLE media_assets (
	sha256 VARCHAR NOT NULL,
	mime VARCHAR NOT NULL,
	size INTEGER NOT NULL,
	path VARCHAR,
	PRIMARY KEY (sha256)
);

CREATE TABLE outbox (
	id INTEGER NOT NULL,
	record_type VARCHAR NOT NULL,
	record_id VARCHAR NOT NULL,
	payload JSON NOT NULL,
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (record_type, record_id)
);

CREATE TABLE guides (
	code VARCHAR NOT NULL,
	category VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	title_en VARCHAR NOT NULL,
	summary VARCHAR NOT NULL,
	services JSON NOT NULL,
	steps JSON NOT NULL,
	version INTEGER NOT NULL,
	updated_on DATE NOT NULL,
	source VARCHAR NOT NULL,
	varies_by_province VARCHAR NOT NULL,
	infographic_sha256 VARCHAR,
	video_sha256 VARCHAR,
	search_key VARCHAR NOT NULL,
	PRIMARY KEY (code),
	FOREIGN KEY(category) REFERENCES categories (code),
	FOREIGN KEY(infographic_sha256) REFERENCES media_assets (sha256),
	FOREIGN KEY(video_sha256) REFERENCES media_assets (sha256)
);
CREATE INDEX ix_guides_category ON guides (category);

CREATE TABLE households (
	id VARCHAR NOT NULL,
	village_id VARCHAR NOT NULL,
	head_name VARCHAR NOT NULL,
	phone VARCHAR,
	consent_at DATETIME NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(village_id) REFERENCES areas (id)
);
CREATE INDEX ix_households_village_id ON households (village_id);

CREATE TABLE services (
	code VARCHAR NOT NULL,
	name VARCHAR NOT NULL,
	name_en VARCHAR NOT NULL,
	category VARCHAR NOT NULL,
	PRIMARY KEY (code),
	FOREIGN KEY(category) REFERENCES categories (code)
);

CREATE TABLE help_sessions (
	id VARCHAR NOT NULL,
	household_id VARCHAR NOT NULL,
	occurred_at DATETIME NOT NULL,
	services JSON NOT NULL,
	guides JSON NOT NULL,
	outcome VARCHAR NOT NULL,
	follow_up_on DATE,
	minutes INTEGER NOT NULL,
	note VARCHAR NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	synced_at DATETIME,
	PRIMARY KEY (id),
	FOREIGN KEY(household_id) REFERENCES households (id)
);
CREATE INDEX ix_help_sessions_household_id ON help_sessions (household_id);
CREATE INDEX ix_help_sessions_occurred_at ON help_sessions (occurred_at);
