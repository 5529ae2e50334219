-- KEYS[1] name index, KEYS[2] group id set; ARGV[1] brand prefix, ARGV[2] group id.
local prefix, id = ARGV[1], ARGV[2]
local key = prefix .. 'g:' .. id
local nkey = redis.call('HGET', key, 'nkey')
if not nkey then return { 'not_found' } end
for _, member in ipairs(redis.call('ZRANGE', prefix .. 'gm:' .. id, 0, -1)) do
  redis.call('SREM', prefix .. 'cg:' .. member, id)
end
redis.call('DEL', key, prefix .. 'gm:' .. id)
redis.call('HDEL', KEYS[1], nkey)
redis.call('ZREM', KEYS[2], id)
return { 'ok' }
