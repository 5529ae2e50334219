-- KEYS[1] the installation, KEYS[2] lease, KEYS[3..] marks. ARGV[1] lease token, ARGV[2] its
-- epoch, ARGV[3] lifetime (ms).
-- Per mark: 0 claimed for this epoch, 1 finished already (delivered or dead); all 3 when the
-- installation is gone (uninstalled: send nothing more), all 4 when the caller no longer
-- holds the lease. A mark in flight for an older epoch is taken over at once: its holder
-- stopped sending when it could not renew the lease, so what it may still have had on the
-- wire is at most its concurrency limit. One call for a whole batch.
local states = {}
if redis.call('EXISTS', KEYS[1]) == 0 then
  for i = 3, #KEYS do states[i - 2] = 3 end
  return states
end
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  for i = 3, #KEYS do states[i - 2] = 4 end
  return states
end
local mine = 'f:' .. ARGV[2]
local epoch = tonumber(ARGV[2])
for i = 3, #KEYS do
  if redis.call('SET', KEYS[i], mine, 'NX', 'PX', ARGV[3]) then
    states[i - 2] = 0
  else
    local v = redis.call('GET', KEYS[i])
    if v == 'd' or v == 'x' then
      states[i - 2] = 1
    elseif (tonumber(string.match(v, '^f:(%d+)$') or '0')) <= epoch then
      redis.call('SET', KEYS[i], mine, 'PX', ARGV[3])
      states[i - 2] = 0
    else
      states[i - 2] = 4
    end
  end
end
return states
