-- KEYS[1] name index, KEYS[2] group ids, KEYS[3] group records, KEYS[4] memberships
-- ('<customer>:<group>'), KEYS[5] members ('<group>:<customer>'). ARGV[1] the group id, padded
-- to 19 digits as the member sets hold it, ARGV[2] the same unpadded.
local padded, id = ARGV[1], ARGV[2]
local raw = redis.call('HGET', KEYS[3], id)
if not raw then return { 'not_found' } end
local from, to = '[' .. padded .. ':', '(' .. padded .. ';'
for _, member in ipairs(redis.call('ZRANGE', KEYS[5], from, to, 'BYLEX')) do
  redis.call('ZREM', KEYS[4], string.sub(member, 21) .. ':' .. padded)
end
redis.call('ZREMRANGEBYLEX', KEYS[5], from, to)
redis.call('HDEL', KEYS[3], id)
redis.call('HDEL', KEYS[1], cjson.decode(raw).nkey)
redis.call('ZREM', KEYS[2], id)
return { 'ok' }
