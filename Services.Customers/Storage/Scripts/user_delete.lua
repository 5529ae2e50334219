-- KEYS[1] the brand's API user names, KEYS[2] their creation times. ARGV[1] the user id,
-- ARGV[2] the revocation channel, ARGV[3] the notice. The user's tokens die with it: a token
-- check looks the user up.
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
