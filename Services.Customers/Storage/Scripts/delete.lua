-- ARGV[5] id. Removes the record, its index entries, its history and its group memberships.
local id = ARGV[5]
local key = ckey(id)
local record = redis.call('HMGET', key, 'ekey', 'ext')
if not record[1] then return { 'not_found' } end
redis.call('HDEL', KEYS[2], record[1])
if record[2] and record[2] ~= '' then redis.call('HDEL', KEYS[3], record[2]) end
redis.call('ZREM', KEYS[4], id)
for _, group in ipairs(redis.call('SMEMBERS', prefix .. 'cg:' .. id)) do
  redis.call('ZREM', prefix .. 'gm:' .. group, id)
end
redis.call('DEL', key, prefix .. 'h:' .. id, prefix .. 'cg:' .. id)
return { 'ok' }
