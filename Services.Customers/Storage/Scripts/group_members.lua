-- KEYS[1] group records, KEYS[2] customer records, KEYS[3] memberships ('<customer>:<group>'),
-- KEYS[4] members ('<group>:<customer>'). ARGV[1] group id, ARGV[2] the same padded to 19
-- digits, ARGV[3] 'add' or 'remove', then pairs: customer id, the same padded.
-- Every customer must exist, or nothing changes.
local gid, gpad, op = ARGV[1], ARGV[2], ARGV[3]
if redis.call('HEXISTS', KEYS[1], gid) == 0 then return { 'not_found' } end
local missing = { 'missing' }
for i = 4, #ARGV, 2 do
  if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 0 then missing[#missing + 1] = ARGV[i] end
end
if #missing > 1 then return missing end
local changed = 0
for i = 4, #ARGV, 2 do
  local cpad = ARGV[i + 1]
  if op == 'add' then
    changed = changed + redis.call('ZADD', KEYS[4], 0, gpad .. ':' .. cpad)
    redis.call('ZADD', KEYS[3], 0, cpad .. ':' .. gpad)
  else
    changed = changed + redis.call('ZREM', KEYS[4], gpad .. ':' .. cpad)
    redis.call('ZREM', KEYS[3], cpad .. ':' .. gpad)
  end
end
return { 'ok', changed, redis.call('ZLEXCOUNT', KEYS[4], '[' .. gpad .. ':', '(' .. gpad .. ';') }
