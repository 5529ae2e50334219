-- KEYS[1] the token's record, KEYS[2] its brand.
-- ARGV[1] brand prefix, ARGV[2] now (Unix ms), ARGV[3] hash of the presented secret,
-- ARGV[4] idle lifetime (ms), ARGV[5] how stale last_used may get before it is written again.
local token = redis.call('HMGET', KEYS[1], 'hash', 'user', 'scopes', 'last_used', 'revoked')
if not token[1] or token[1] ~= ARGV[3] then return { 'unknown' } end
if token[5] == '1' then return { 'revoked' } end
local user = redis.call('HGET', ARGV[1] .. 'user:' .. token[2], 'name')
if not user then return { 'user_deleted' } end
local now, last = tonumber(ARGV[2]), tonumber(token[4])
if now - last > tonumber(ARGV[4]) then return { 'expired' } end
-- Writing last_used on every call would turn each read into a write; once a minute suffices
-- for a 60-day limit.
if now - last > tonumber(ARGV[5]) then redis.call('HSET', KEYS[1], 'last_used', ARGV[2]) end
local brand = redis.call('HMGET', KEYS[2], 'name', 'portal_id', 'portal_name')
return { 'ok', token[2], user, token[3], brand[1] or '', brand[2] or '0', brand[3] or '' }
