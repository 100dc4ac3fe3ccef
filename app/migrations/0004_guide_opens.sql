-- Schema version 4: opens of guide pages served by the device's own guide server (sharing over
-- its hotspot), counted per guide and Vietnam day and pushed with the next sync.
CREATE TABLE guide_opens (
	id VARCHAR NOT NULL,
	guide_code VARCHAR NOT NULL,
	day DATE NOT NULL,
	count INTEGER NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (guide_code, day)
)
