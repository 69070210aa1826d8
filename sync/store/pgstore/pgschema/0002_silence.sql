-- The console's silence alarms look devices up by when they were last seen.
CREATE INDEX devices_last_seen ON devices (last_seen);
