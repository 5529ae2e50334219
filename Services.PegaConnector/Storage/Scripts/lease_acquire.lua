-- KEYS[1] lease, KEYS[2] the installation's lease epoch. ARGV[1] owner, ARGV[2] lifetime (ms).
-- The new epoch when the lease was free (its token is "<owner>@<epoch>"), 0 when it is held.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local epoch = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '@' .. epoch, 'PX', ARGV[2])
return epoch
