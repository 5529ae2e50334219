-- KEYS[1] the token's record, KEYS[2] its brand, KEYS[3] the brand's API user names.
-- ARGV[1] now (Unix ms), ARGV[2] hash of the presented secret, ARGV[3] idle lifetime (ms),
-- ARGV[4] how stale last_used may get before it is written again.
local token = redis.call('HMGET', KEYS[1], 'hash', 'user', 'scopes', 'last_used', 'revoked')
if not token[1] or token[1] ~= ARGV[2] then return { 'unknown' } end
local brand = redis.call('HMGET', KEYS[2], 'name', 'portal_id', 'portal_name')
if not brand[1] then return { 'brand_removed' } end
if token[5] == '1' then return { 'revoked' } end
local user = redis.call('HGET', KEYS[3], token[2])
if not user then return { 'user_deleted' } end
local now, last = tonumber(ARGV[1]), tonumber(token[4])
if now - last > tonumber(ARGV[3]) then return { 'expired' } end
-- Writing last_used on every check would turn each read into a write; once a minute suffices
-- for a 60-day limit.
if now - last > tonumber(ARGV[4]) then redis.call('HSET', KEYS[1], 'last_used', ARGV[1]) end
return { 'ok', token[2], user, token[3], brand[1], brand[2], brand[3] }
