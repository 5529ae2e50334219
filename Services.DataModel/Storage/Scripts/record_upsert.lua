-- Creates or replaces one record, keeping the usage counts, the change and customer indexes and
-- the history in the same step.
-- KEYS[1] module hash, KEYS[2] usage counts, KEYS[3] record, KEYS[4] history, KEYS[5] change
-- index, KEYS[6] the customer's keys in the module, KEYS[7] the customer's modules, KEYS[8] the
-- brand's customers with records (scored by id), KEYS[9] deleted customers.
-- ARGV[1] module version the row was validated against, ARGV[2] customer id, ARGV[3] key,
-- ARGV[4] module name, ARGV[5] now (Unix ms), ARGV[6] API user id, ARGV[7] API user name,
-- ARGV[8] history entries kept, ARGV[9..] pairs of field name and stored value.
if redis.call('HGET', KEYS[1], 'ver') ~= ARGV[1] then return { 'module_changed' } end
local customer, key, module, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('ZSCORE', KEYS[9], customer) then return { 'customer_deleted' } end

local old = redis.call('HGETALL', KEYS[3])
local old_values, old_customer, created, updated = {}, nil, now, now
for i = 1, #old, 2 do
  local name = old[i]
  if name == '_c' then old_customer = old[i + 1]
  elseif name == '_ct' then created = old[i + 1]
  elseif name == '_ut' then updated = old[i + 1]
  else old_values[string.sub(name, 3)] = old[i + 1] end
end
if old_customer and old_customer ~= customer then return { 'key_taken' } end

local new_values, changed, sets, removed = {}, {}, {}, {}
for i = 9, #ARGV, 2 do new_values[ARGV[i]] = ARGV[i + 1] end
for name, value in pairs(new_values) do
  if old_values[name] ~= value then
    changed[#changed + 1] = 'values.' .. name
    sets[#sets + 1] = 'f:' .. name
    sets[#sets + 1] = value
  end
  if old_values[name] == nil then redis.call('HINCRBY', KEYS[2], name, 1) end
end
for name, _ in pairs(old_values) do
  if new_values[name] == nil then
    changed[#changed + 1] = 'values.' .. name
    removed[#removed + 1] = 'f:' .. name
    redis.call('HINCRBY', KEYS[2], name, -1)
  end
end
if old_customer and #changed == 0 then return { 'updated', created, updated } end

-- Change stamps are unique and increasing per module, whatever the clock does: exports page by them.
local stamp = math.max(tonumber(now) * 1000, tonumber(redis.call('HGET', KEYS[1], 'stamp') or '0') + 1)
stamp = string.format('%.0f', stamp)
redis.call('HSET', KEYS[1], 'stamp', stamp)
redis.call('ZADD', KEYS[5], stamp, key)

local action = 'updated'
if not old_customer then
  action = 'created'
  changed[#changed + 1] = 'customer_id'
  redis.call('HSET', KEYS[3], '_c', customer, '_ct', now, '_ut', now)
  redis.call('HINCRBY', KEYS[2], '#', 1)
  redis.call('ZADD', KEYS[6], stamp, key)
  redis.call('SADD', KEYS[7], module)
  redis.call('ZADD', KEYS[8], customer, customer)
else
  redis.call('HSET', KEYS[3], '_ut', now)
  if #removed > 0 then redis.call('HDEL', KEYS[3], unpack(removed)) end
end
if #sets > 0 then redis.call('HSET', KEYS[3], unpack(sets)) end

table.sort(changed)
redis.call('RPUSH', KEYS[4], cjson.encode({ t = now, u = ARGV[6], n = ARGV[7], a = action, f = changed }))
redis.call('LTRIM', KEYS[4], -tonumber(ARGV[8]), -1)
return { action, created, now }
