-- Schema version 2: households searchable without diacritics (the key is filled by the Python
-- step of the same number), and the device's small settings (language, last village).
ALTER TABLE households ADD COLUMN search_key VARCHAR NOT NULL DEFAULT '';
CREATE INDEX ix_households_search_key ON households (search_key);

CREATE TABLE app_settings (
	"key" VARCHAR NOT NULL,
	value VARCHAR NOT NULL,
	PRIMARY KEY ("key")
);
