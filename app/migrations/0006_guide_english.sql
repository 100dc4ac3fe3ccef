-- Schema version 6: a guide's summary, source and local note in English too (empty where a
-- guide has none yet), shown when the app is in English.
ALTER TABLE guides ADD COLUMN summary_en VARCHAR NOT NULL DEFAULT '';
ALTER TABLE guides ADD COLUMN source_en VARCHAR NOT NULL DEFAULT '';
ALTER TABLE guides ADD COLUMN varies_by_province_en VARCHAR NOT NULL DEFAULT '';
