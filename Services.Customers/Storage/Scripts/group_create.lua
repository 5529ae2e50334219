-- KEYS[1] group sequence, KEYS[2] name index, KEYS[3] group id set.
-- ARGV[1] brand prefix, ARGV[2] now (Unix ms), ARGV[3] name, ARGV[4] name index key,
-- ARGV[5] how many groups a brand may hold.
if redis.call('HEXISTS', KEYS[2], ARGV[4]) == 1 then return { 'name_taken' } end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[5]) then return { 'too_many_groups' } end
local id = redis.call('INCR', KEYS[1])
redis.call('HSET', ARGV[1] .. 'g:' .. id, 'id', id, 'name', ARGV[3], 'nkey', ARGV[4], 'created', ARGV[2])
redis.call('HSET', KEYS[2], ARGV[4], id)
redis.call('ZADD', KEYS[3], id, id)
return { 'ok', id }
