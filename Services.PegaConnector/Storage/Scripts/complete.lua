-- KEYS[1] lease, KEYS[2] checkpoint, KEYS[3] stats, KEYS[4] dead index, KEYS[5] dead letters,
-- KEYS[6] redrive, KEYS[7] the installation, KEYS[8..] marks.
-- ARGV[1] lease token, ARGV[2] checkpoint or "", ARGV[3] record lifetime (ms), ARGV[4] now (ms),
-- ARGV[5] retried, ARGV[6] failed, ARGV[7] duplicates avoided, ARGV[8] the settings version
-- the activities were read with, then per mark: state ("d" or "x"), uuid, dead letter ("" for
-- "d").
-- Records first; the checkpoint moves only while the caller holds the lease (a process that
-- lost it cannot move a checkpoint the new holder relies on) and only while the settings are
-- those it read with (positions it passed as unselected may be selected by new ones).
local delivered, dead = 0, 0
local redriving = redis.call('EXISTS', KEYS[6]) == 1
for i = 8, #KEYS do
  local a = 9 + (i - 8) * 3
  local state, uuid, letter = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  redis.call('SET', KEYS[i], state, 'PX', ARGV[3])
  if redriving then redis.call('HDEL', KEYS[6], uuid) end
  if state == 'x' then
    dead = dead + 1
    redis.call('HSET', KEYS[5], uuid, letter)
    redis.call('ZADD', KEYS[4], ARGV[4], uuid)
  else
    delivered = delivered + 1
  end
end
if delivered > 0 then redis.call('HINCRBY', KEYS[3], 'delivered', delivered) end
if dead > 0 then redis.call('HINCRBY', KEYS[3], 'dead', dead) end
if ARGV[5] ~= '0' then redis.call('HINCRBY', KEYS[3], 'retried', ARGV[5]) end
if ARGV[6] ~= '0' then redis.call('HINCRBY', KEYS[3], 'failed', ARGV[6]) end
if ARGV[7] ~= '0' then redis.call('HINCRBY', KEYS[3], 'dup', ARGV[7]) end
if ARGV[2] ~= '' and redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('HGET', KEYS[7], 'ver') == ARGV[8] then
  redis.call('SET', KEYS[2], ARGV[2])
end
return delivered + dead
