-- Creates or replaces a batch of records of one module, each on its own, keeping the usage
-- counts, the change and customer indexes and the history in the same step.
-- KEYS[1] module hash, KEYS[2] usage counts, KEYS[3] change index, KEYS[4] the brand's customers
-- with records (scored by id), KEYS[5] deleted customers; then per row: the record, its history,
-- the customer's keys in the module, the customer's modules.
-- ARGV[1] module version the rows were validated against, ARGV[2] module name, ARGV[3] now
-- (Unix ms), ARGV[4] API user id, ARGV[5] API user name, ARGV[6] history entries kept; then per
-- row: customer id, key, number of values, and that many pairs of field name and stored value.
-- Answers per row: action ('created', 'updated', 'key_taken', 'customer_deleted',
-- 'module_changed'), create time, update time.
local now, module = ARGV[3], ARGV[2]
local valid = redis.call('HGET', KEYS[1], 'ver') == ARGV[1]
local stamp = tonumber(redis.call('HGET', KEYS[1], 'stamp') or '0')
local answers = {}

local function upsert(customer, key, record, history, own, modules, first, count)
  if not valid then return 'module_changed', 0, 0 end
  if redis.call('ZSCORE', KEYS[5], customer) then return 'customer_deleted', 0, 0 end

  local old = redis.call('HGETALL', record)
  local old_values, old_customer, created, updated = {}, nil, now, now
  for i = 1, #old, 2 do
    local name = old[i]
    if name == '_c' then old_customer = old[i + 1]
    elseif name == '_ct' then created = old[i + 1]
    elseif name == '_ut' then updated = old[i + 1]
    else old_values[string.sub(name, 3)] = old[i + 1] end
  end
  if old_customer and old_customer ~= customer then return 'key_taken', 0, 0 end

  local new_values, changed, sets, removed = {}, {}, {}, {}
  for i = first, first + 2 * count - 1, 2 do new_values[ARGV[i]] = ARGV[i + 1] end
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
  if old_customer and #changed == 0 then return 'updated', created, updated end

  -- Change stamps are unique and increasing per module, whatever the clock does: exports page by them.
  stamp = math.max(tonumber(now) * 1000, stamp + 1)
  local text = string.format('%.0f', stamp)
  redis.call('ZADD', KEYS[3], text, key)

  local action = 'updated'
  if not old_customer then
    action = 'created'
    changed[#changed + 1] = 'customer_id'
    redis.call('HSET', record, '_c', customer, '_ct', now, '_ut', now)
    redis.call('HINCRBY', KEYS[2], '#', 1)
    redis.call('ZADD', own, text, key)
    redis.call('SADD', modules, module)
    redis.call('ZADD', KEYS[4], customer, customer)
  else
    redis.call('HSET', record, '_ut', now)
    if #removed > 0 then redis.call('HDEL', record, unpack(removed)) end
  end
  if #sets > 0 then redis.call('HSET', record, unpack(sets)) end

  table.sort(changed)
  redis.call('RPUSH', history, cjson.encode({ t = now, u = ARGV[4], n = ARGV[5], a = action, f = changed }))
  redis.call('LTRIM', history, -tonumber(ARGV[6]), -1)
  return action, created, now
end

local a, k = 7, 6
while a <= #ARGV do
  local count = tonumber(ARGV[a + 2])
  local action, created, updated = upsert(ARGV[a], ARGV[a + 1], KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], a + 3, count)
  answers[#answers + 1] = action
  answers[#answers + 1] = created
  answers[#answers + 1] = updated
  a = a + 3 + 2 * count
  k = k + 4
end
if valid then redis.call('HSET', KEYS[1], 'stamp', string.format('%.0f', stamp)) end
return answers
