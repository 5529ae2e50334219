-- A deleted customer: every record of it in every module goes in one step, its id is remembered
-- so that a write checked before the delete cannot bring a record back, and the change-feed
-- checkpoint moves past the delete in the same step.
-- KEYS[1] deleted customers, KEYS[2] the brand's customers with records, KEYS[3] the customer's
-- modules, KEYS[4] the feed checkpoint; then per module: usage counts, change index, the
-- customer's keys in it, and per record of it: the record and its history.
-- ARGV[1] customer id, ARGV[2] now (Unix ms), ARGV[3] cursor ('' = none), ARGV[4] forget deleted
-- ids older than this (Unix ms), ARGV[5] module count, then per module: name, record count, keys.
-- The caller read the layout first; if it changed since, it reads again ('retry').
local customer, now, cursor = ARGV[1], ARGV[2], ARGV[3]
local modules = tonumber(ARGV[5])
if redis.call('SCARD', KEYS[3]) ~= modules then return { 'retry' } end
-- Found missing on a read and holding nothing: an id that never had records, nothing to remember.
if modules == 0 and cursor == '' then return { 'ok', 0 } end

local plan, a, k = {}, 6, 5
for i = 1, modules do
  local name, count = ARGV[a], tonumber(ARGV[a + 1])
  local own = KEYS[k + 2]
  if redis.call('SISMEMBER', KEYS[3], name) == 0 or redis.call('ZCARD', own) ~= count then return { 'retry' } end
  local records = {}
  for j = 1, count do
    local key = ARGV[a + 1 + j]
    if not redis.call('ZSCORE', own, key) then return { 'retry' } end
    records[j] = { key, KEYS[k + 1 + 2 * j], KEYS[k + 2 + 2 * j] }
  end
  plan[i] = { usage = KEYS[k], changes = KEYS[k + 1], own = own, records = records }
  a = a + 2 + count
  k = k + 3 + 2 * count
end

local deleted = 0
for _, module in ipairs(plan) do
  for _, record in ipairs(module.records) do
    for _, name in ipairs(redis.call('HKEYS', record[2])) do
      if string.sub(name, 1, 2) == 'f:' then redis.call('HINCRBY', module.usage, string.sub(name, 3), -1) end
    end
    redis.call('HINCRBY', module.usage, '#', -1)
    redis.call('ZREM', module.changes, record[1])
    redis.call('DEL', record[2], record[3])
    deleted = deleted + 1
  end
  redis.call('DEL', module.own)
end
redis.call('DEL', KEYS[3])
redis.call('ZREM', KEYS[2], customer)
redis.call('ZADD', KEYS[1], now, customer)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[4])
if cursor ~= '' then redis.call('SET', KEYS[4], cursor) end
return { 'ok', deleted }
