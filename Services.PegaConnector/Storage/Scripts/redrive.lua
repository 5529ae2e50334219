-- KEYS[1] dead index, KEYS[2] dead letters, KEYS[3] redrive, KEYS[4..] the live marks of the
-- uuids. ARGV: the uuids, in the order of their marks. Moves each dead letter to the redrive
-- queue and forgets that it was dead, so that it is claimed and sent again.
local moved = 0
for i = 4, #KEYS do
  local uuid = ARGV[i - 3]
  local letter = redis.call('HGET', KEYS[2], uuid)
  if letter then
    redis.call('HSET', KEYS[3], uuid, letter)
    redis.call('HDEL', KEYS[2], uuid)
    redis.call('ZREM', KEYS[1], uuid)
    redis.call('DEL', KEYS[i])
    moved = moved + 1
  end
end
return moved
