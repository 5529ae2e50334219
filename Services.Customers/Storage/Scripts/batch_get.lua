-- Many customers in one round trip. KEYS: the customer hashes asked for (distinct).
-- Returns one HGETALL reply per key, in order; an empty one where there is no such customer.
local records = {}
for i = 1, #KEYS do
  records[i] = redis.call('HGETALL', KEYS[i])
end
return records
