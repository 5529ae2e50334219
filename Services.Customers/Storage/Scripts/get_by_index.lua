-- KEYS[1] the index (e-mail or external id); ARGV[1] brand prefix, ARGV[2] the index entry.
-- Index and record in one round trip: this is the hot lookup path.
local id = redis.call('HGET', KEYS[1], ARGV[2])
if not id then return { 'not_found' } end
local record = redis.call('HGETALL', ARGV[1] .. 'c:' .. id)
table.insert(record, 1, 'ok')
return record
