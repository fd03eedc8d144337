-- Agent check settings that are not part of Consul's Definition but must survive a restart.
ALTER TABLE checks ADD COLUMN success_before_passing INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE checks ADD COLUMN failures_before_warning INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE checks ADD COLUMN failures_before_critical INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE checks ADD COLUMN output_max_size INTEGER DEFAULT 0 NOT NULL;
