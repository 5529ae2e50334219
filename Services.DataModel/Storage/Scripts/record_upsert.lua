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
-- What every row shares is read and written once for the batch (the deleted customers, the change
-- index, the brand's customers, usage counts), so a row costs its own record, history and
-- customer index only.
local now, module = ARGV[3], ARGV[2]
local valid = redis.call('HGET', KEYS[1], 'ver') == ARGV[1]
local stamp = tonumber(redis.call('HGET', KEYS[1], 'stamp') or '0')
local history_kept = tonumber(ARGV[6])
local answers = {}
-- Usage count changes of the whole batch, written once per field at the end.
local usage = {}
local function bump(name, delta) usage[name] = (usage[name] or 0) + delta end
-- Customers already linked to the module in this batch.
local linked, newly_linked = {}, {}
-- The batch's change stamps (stamp, key pairs) and which of its customers were deleted.
local stamped = {}
local deleted = {}
do
  local customers, seen = {}, {}
  local a = 7
  while a <= #ARGV do
    if not seen[ARGV[a]] then
      seen[ARGV[a]] = true
      customers[#customers + 1] = ARGV[a]
    end
    a = a + 3 + 2 * tonumber(ARGV[a + 2])
  end
  if #customers > 0 then
    local scores = redis.call('ZMSCORE', KEYS[5], unpack(customers))
    for i, customer in ipairs(customers) do deleted[customer] = scores[i] ~= false end
  end
end

local function upsert(customer, key, record, history, own, modules, first, count)
  if not valid then return 'module_changed', 0, 0 end
  if deleted[customer] then return 'customer_deleted', 0, 0 end

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
    if old_values[name] == nil then bump(name, 1) end
  end
  for name, _ in pairs(old_values) do
    if new_values[name] == nil then
      changed[#changed + 1] = 'values.' .. name
      removed[#removed + 1] = 'f:' .. name
      bump(name, -1)
    end
  end
  if old_customer and #changed == 0 then return 'updated', created, updated end

  -- Change stamps are unique and increasing per module, whatever the clock does: exports page by them.
  stamp = math.max(tonumber(now) * 1000, stamp + 1)
  local text = string.format('%.0f', stamp)
  stamped[#stamped + 1] = text
  stamped[#stamped + 1] = key

  local action = 'updated'
  sets[#sets + 1] = '_ut'
  sets[#sets + 1] = now
  if not old_customer then
    action = 'created'
    changed[#changed + 1] = 'customer_id'
    sets[#sets + 1] = '_c'
    sets[#sets + 1] = customer
    sets[#sets + 1] = '_ct'
    sets[#sets + 1] = now
    bump('#', 1)
    redis.call('ZADD', own, text, key)
    if not linked[customer] then
      redis.call('SADD', modules, module)
      newly_linked[#newly_linked + 1] = customer
      newly_linked[#newly_linked + 1] = customer
      linked[customer] = true
    end
  elseif #removed > 0 then
    redis.call('HDEL', record, unpack(removed))
  end
  redis.call('HSET', record, unpack(sets))

  table.sort(changed)
  local entries = redis.call('RPUSH', history, cjson.encode({ t = now, u = ARGV[4], n = ARGV[5], a = action, f = changed }))
  if entries > history_kept then redis.call('LTRIM', history, -history_kept, -1) end
  return action, created, now
end

-- ZADD with at most this many score/member pairs a call: Lua's unpack has a limit.
local function zadd_all(key, pairs_list)
  for from = 1, #pairs_list, 2000 do
    redis.call('ZADD', key, unpack(pairs_list, from, math.min(from + 1999, #pairs_list)))
  end
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
zadd_all(KEYS[3], stamped)
zadd_all(KEYS[4], newly_linked)
if valid then redis.call('HSET', KEYS[1], 'stamp', string.format('%.0f', stamp)) end
for name, delta in pairs(usage) do
  if delta ~= 0 then redis.call('HINCRBY', KEYS[2], name, delta) end
end
return answers
