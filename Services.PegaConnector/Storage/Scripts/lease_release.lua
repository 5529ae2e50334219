-- KEYS[1] lease. ARGV[1] lease token, ARGV[2] the channel that tells the other processes to
-- look for work at once (a deploy's next process takes over without waiting for a scan).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], KEYS[1])
  return 1
end
return 0
