-- KEYS[1] dead index, KEYS[2] dead letters. ARGV: uuids.
local removed = 0
for i = 1, #ARGV do
  removed = removed + redis.call('HDEL', KEYS[2], ARGV[i])
  redis.call('ZREM', KEYS[1], ARGV[i])
end
return removed
