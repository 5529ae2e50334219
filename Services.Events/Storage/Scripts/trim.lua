-- KEYS: stream, trimmed-through. ARGV: trim below (stream id).
-- XTRIM MINID, remembering the newest entry it removes: Redis records no such thing for a
-- trim (max-deleted-entry-id only follows XDEL), and a reader must learn exactly whether its
-- cursor is still in reach. Returns how many entries went.
-- XREVRANGE is asked only once XRANGE has found something to trim: with nothing below its
-- end, Redis walks the whole stream backwards before answering that there is nothing.
if not redis.call('XRANGE', KEYS[1], '-', '(' .. ARGV[1], 'COUNT', 1)[1] then return 0 end
local gone = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[1], '-', 'COUNT', 1)
redis.call('SET', KEYS[2], gone[1][1])
return redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
