-- KEYS[1] group sequence, KEYS[2] name index, KEYS[3] group ids, KEYS[4] group records
-- (id -> the group as JSON). ARGV[1] now (Unix ms), ARGV[2] name, ARGV[3] name index key,
-- ARGV[4] how many groups a brand may hold.
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return { 'name_taken' } end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[4]) then return { 'too_many_groups' } end
local id = string.format('%d', redis.call('INCR', KEYS[1]))
redis.call('HSET', KEYS[4], id, cjson.encode({ name = ARGV[2], nkey = ARGV[3], created = ARGV[1] }))
redis.call('HSET', KEYS[2], ARGV[3], id)
redis.call('ZADD', KEYS[3], id, id)
return { 'ok', id }
