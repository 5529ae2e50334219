-- Shared by every customer script: it is prepended to each of them.
-- KEYS[1] customer sequence, KEYS[2] e-mail index, KEYS[3] external-id index, KEYS[4] id set.
-- ARGV[1] brand key prefix (with its hash tag, so derived keys stay in the brand's slot),
-- ARGV[2] now (Unix ms), ARGV[3] API user id, ARGV[4] API user name.
local prefix = ARGV[1]
local now = ARGV[2]
local uid = ARGV[3]
local uname = ARGV[4]

local function ckey(id) return prefix .. 'c:' .. id end

-- A customer holds at most this many custom fields, counted on what is stored, so that partial
-- updates cannot grow one past the limit. LuaScripts fills in Limits.MaxCustomFields.
local max_fields = tonumber('@MAX_CUSTOM_FIELDS@')

-- How many custom fields the customer holds once the names in `removed` are removed and the
-- name/value pairs in `fields` are set.
local function field_count_after(id, fields, removed)
  local names, count = {}, 0
  for _, field in ipairs(redis.call('HKEYS', ckey(id))) do
    if string.sub(field, 1, 2) == 'f:' then
      names[string.sub(field, 3)] = true
      count = count + 1
    end
  end
  for _, name in ipairs(removed) do
    if names[name] then
      names[name] = nil
      count = count - 1
    end
  end
  for i = 1, #fields, 2 do
    if not names[fields[i]] then
      names[fields[i]] = true
      count = count + 1
    end
  end
  return count
end

local function with_record(status, id)
  local record = redis.call('HGETALL', ckey(id))
  table.insert(record, 1, status)
  return record
end

local function history(id, action, changed)
  if #changed > 0 then
    redis.call('RPUSH', prefix .. 'h:' .. id,
      cjson.encode({ t = tonumber(now), u = tonumber(uid), n = uname, a = action, f = changed }))
  end
end

local function touch(id, action, changed)
  if #changed > 0 then
    redis.call('HSET', ckey(id), 'updated', now)
    history(id, action, changed)
  end
end

-- An index entry is free when nobody holds it, or the customer itself does.
local function email_free(ekey, id)
  local owner = redis.call('HGET', KEYS[2], ekey)
  return (not owner) or owner == tostring(id)
end

local function ext_free(ext, id)
  if ext == '' then return true end
  local owner = redis.call('HGET', KEYS[3], ext)
  return (not owner) or owner == tostring(id)
end

local function create(email, ekey, ext, fields)
  local id = redis.call('INCR', KEYS[1])
  local key = ckey(id)
  redis.call('HSET', key, 'id', id, 'email', email, 'ekey', ekey, 'ext', ext, 'created', now, 'updated', now,
    'hard', 0, 'soft', 0, 'complaints', 0, 'unsub', 0)
  redis.call('HSET', KEYS[2], ekey, id)
  local changed = { 'email_address' }
  if ext ~= '' then
    redis.call('HSET', KEYS[3], ext, id)
    changed[#changed + 1] = 'external_id'
  end
  for i = 1, #fields, 2 do
    redis.call('HSET', key, 'f:' .. fields[i], fields[i + 1])
    changed[#changed + 1] = 'fields.' .. fields[i]
  end
  redis.call('ZADD', KEYS[4], id, id)
  history(id, 'created', changed)
  return id
end

-- A new address moves the index entry in the same step; a new mailbox (not just other letter
-- case) resets the soft-bounce count, as the mailability rules say.
local function set_email(id, email, ekey, changed)
  local key = ckey(id)
  local old = redis.call('HMGET', key, 'email', 'ekey', 'soft')
  if old[1] == email then return end
  redis.call('HSET', key, 'email', email, 'ekey', ekey)
  changed[#changed + 1] = 'email_address'
  if old[2] ~= ekey then
    redis.call('HDEL', KEYS[2], old[2])
    redis.call('HSET', KEYS[2], ekey, id)
    if old[3] ~= '0' then
      redis.call('HSET', key, 'soft', 0)
      changed[#changed + 1] = 'mailability.soft_bounce_count'
    end
  end
end

local function set_ext(id, ext, changed)
  local key = ckey(id)
  local old = redis.call('HGET', key, 'ext')
  if old == ext then return end
  if old and old ~= '' then redis.call('HDEL', KEYS[3], old) end
  if ext ~= '' then redis.call('HSET', KEYS[3], ext, id) end
  redis.call('HSET', key, 'ext', ext)
  changed[#changed + 1] = 'external_id'
end

local function set_fields(id, fields, changed)
  local key = ckey(id)
  for i = 1, #fields, 2 do
    local field = 'f:' .. fields[i]
    if redis.call('HGET', key, field) ~= fields[i + 1] then
      redis.call('HSET', key, field, fields[i + 1])
      changed[#changed + 1] = 'fields.' .. fields[i]
    end
  end
end

local function remove_fields(id, names, changed)
  local key = ckey(id)
  for _, name in ipairs(names) do
    if redis.call('HDEL', key, 'f:' .. name) == 1 then
      changed[#changed + 1] = 'fields.' .. name
    end
  end
end

local function slice(from, count)
  local out = {}
  for i = from, from + count - 1 do out[#out + 1] = ARGV[i] end
  return out
end
