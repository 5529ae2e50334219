-- Deletes one record with its history and index entries.
-- KEYS[1] usage counts, KEYS[2] record, KEYS[3] history, KEYS[4] change index, KEYS[5] the
-- customer's keys in the module, KEYS[6] the customer's modules, KEYS[7] the brand's customers
-- with records. ARGV[1] the customer the record was read with, ARGV[2] key, ARGV[3] module.
local customer = redis.call('HGET', KEYS[2], '_c')
if not customer then return { 'not_found' } end
-- Another customer's record under this key since it was read: the caller reads again.
if customer ~= ARGV[1] then return { 'retry' } end
for _, name in ipairs(redis.call('HKEYS', KEYS[2])) do
  if string.sub(name, 1, 2) == 'f:' then redis.call('HINCRBY', KEYS[1], string.sub(name, 3), -1) end
end
redis.call('HINCRBY', KEYS[1], '#', -1)
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[2])
redis.call('ZREM', KEYS[5], ARGV[2])
if redis.call('ZCARD', KEYS[5]) == 0 then redis.call('SREM', KEYS[6], ARGV[3]) end
if redis.call('SCARD', KEYS[6]) == 0 then redis.call('ZREM', KEYS[7], customer) end
return { 'ok' }
