-- A follower of a brand's change feed acknowledges what it has applied (FollowerLeases).
-- KEYS[1] the brand's followers (follower -> '<applied cursor> <lease expiry, Unix ms>'),
-- KEYS[2] its change feed, KEYS[3] the newest position retention trimmed.
-- ARGV[1] follower, ARGV[2] the cursor it applied, ARGV[3] now (Unix ms), ARGV[4] its new expiry.
-- One step: a delete written after it finds the follower and waits for it; one written before is
-- at or below the newest position answered. Followers whose leases ran out are dropped.
-- Returns {the follower's previous entry or false, the newest position written}.
local previous = redis.call('HGET', KEYS[1], ARGV[1])
local entries = redis.call('HGETALL', KEYS[1])
local now = tonumber(ARGV[3])
for i = 1, #entries, 2 do
  if tonumber(string.match(entries[i + 1], ' (%d+)$')) <= now then redis.call('HDEL', KEYS[1], entries[i]) end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[4])
local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
if newest[1] then return { previous or false, newest[1][1] } end
return { previous or false, redis.call('GET', KEYS[3]) or '0-0' }
