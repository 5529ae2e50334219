-- KEYS[1] the token's record. ARGV[1] the revocation channel, ARGV[2] the notice.
-- The mark and the notice to every service go together.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'revoked', 1)
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1
