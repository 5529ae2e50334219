-- KEYS[1] a brand's change feed, KEYS[2] its trimmed-through. ARGV[1] trim below (a position).
-- Remembers the newest entry it removes (Redis keeps no such record for XTRIM); returns how many
-- went.
local gone = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[1], '-', 'COUNT', 1)
if not gone[1] then return 0 end
redis.call('SET', KEYS[2], gone[1][1])
return redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
