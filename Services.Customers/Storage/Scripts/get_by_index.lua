-- KEYS[1] the index (e-mail or external id), KEYS[2] the brand's records; ARGV[1] the index entry.
-- Index and record in one round trip: this is the hot lookup path. Returns the record (JSON) or
-- nothing.
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return false end
return redis.call('HGET', KEYS[2], id)
