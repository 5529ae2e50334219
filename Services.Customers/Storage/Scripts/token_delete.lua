-- KEYS[1] the token's record, KEYS[2] the brand's token ids. ARGV[1] the token id,
-- ARGV[2] the revocation channel, ARGV[3] the notice.
-- Record, place in the count and the notice go together: the slot is free only once every
-- service has been told the token is dead.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
