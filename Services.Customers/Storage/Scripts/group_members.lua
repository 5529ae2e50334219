-- ARGV[1] brand prefix, ARGV[2] group id, ARGV[3] 'add' or 'remove', ARGV[4..] customer ids.
-- Every customer must exist, or nothing changes.
local prefix, gid, op = ARGV[1], ARGV[2], ARGV[3]
local members = prefix .. 'gm:' .. gid
if redis.call('EXISTS', prefix .. 'g:' .. gid) == 0 then return { 'not_found' } end
local missing = { 'missing' }
for i = 4, #ARGV do
  if redis.call('EXISTS', prefix .. 'c:' .. ARGV[i]) == 0 then missing[#missing + 1] = ARGV[i] end
end
if #missing > 1 then return missing end
local changed = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  if op == 'add' then
    changed = changed + redis.call('ZADD', members, id, id)
    redis.call('SADD', prefix .. 'cg:' .. id, gid)
  else
    changed = changed + redis.call('ZREM', members, id)
    redis.call('SREM', prefix .. 'cg:' .. id, gid)
  end
end
return { 'ok', changed, redis.call('ZCARD', members) }
