-- KEYS[1] lease. ARGV[1] lease token, ARGV[2] lifetime (ms). 1 when still held (and extended).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
