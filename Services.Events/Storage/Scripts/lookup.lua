-- KEYS: two per lookup: the broadcast's shared details, its recipients hash. ARGV: one
-- customer id per lookup. Returns per lookup {shared details or nil, recipient record or nil}.
local out = {}
for i = 1, #ARGV do
  out[i] = {redis.call('GET', KEYS[2 * i - 1]), redis.call('HGET', KEYS[2 * i], ARGV[i])}
end
return out
