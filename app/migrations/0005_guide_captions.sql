-- Schema version 5: a guide's caption track (WebVTT, one cue a step), the media role
-- 'captions' of the content build, which the guide viewer shows with the video.
ALTER TABLE guides ADD COLUMN captions_sha256 VARCHAR REFERENCES media_assets (sha256)
