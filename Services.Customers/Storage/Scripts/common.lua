-- Shared by every customer script: it is prepended to each of them. Every key arrives through
-- KEYS, all of the brand (one hash tag, one cluster slot); CustomersKeys.CustomerScriptKeys names them:
-- KEYS[1] customer sequence, KEYS[2] e-mail index (address -> id), KEYS[3] external-id index,
-- KEYS[4] customer ids (sorted set), KEYS[5] records (id -> the customer as JSON),
-- KEYS[6] history sequence, KEYS[7] history (sorted by member: '<id>:<seq>:<json>'),
-- KEYS[8] change stream, KEYS[9] the newest change position retention trimmed,
-- KEYS[10] memberships ('<customer>:<group>'), KEYS[11] members ('<group>:<customer>');
-- a script may take more after these.
-- ARGV[1] now (Unix ms), ARGV[2] API user id, ARGV[3] API user name, ARGV[4] trim the change
-- stream below this position ('' = not in this call), ARGV[5] the channel that wakes the brand's
-- change watchers ('' = none in this call). A script's own arguments follow from ARGV[6].
local now, uid, uname, trim_below, notify = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local K_SEQ, K_EMAIL, K_EXT, K_IDS, K_RECORDS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local K_HSEQ, K_HISTORY, K_CHANGES, K_TRIMMED = KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local K_MEMBERSHIPS, K_MEMBERS = KEYS[10], KEYS[11]

-- A customer holds at most this many custom fields, counted on what is stored, so that partial
-- updates cannot grow one past the limit. CustomersScripts fills in Limits.MaxCustomFields.
local max_fields = tonumber('@MAX_CUSTOM_FIELDS@')

-- Ids as text (INCR gives numbers; tostring would turn a large one into 1e+15).
local function idstr(id)
  if type(id) == 'number' then return string.format('%d', id) end
  return id
end

-- Ids padded to 19 digits sort as numbers in the sorted sets ordered by member.
local function pad(id)
  local text = idstr(id)
  return string.rep('0', 19 - #text) .. text
end

local function load(id)
  local raw = redis.call('HGET', K_RECORDS, idstr(id))
  if not raw then return nil end
  return cjson.decode(raw)
end

-- Stores the record; returns it as stored (JSON), which is what the scripts answer with.
local function save(record)
  local json = cjson.encode(record)
  redis.call('HSET', K_RECORDS, record.id, json)
  return json
end

local function count_fields(record)
  local count = 0
  for _ in pairs(record.f) do count = count + 1 end
  return count
end

-- How many custom fields the customer holds once `removed` are removed and `fields` are set.
local function field_count_after(record, fields, removed)
  local names, count = {}, 0
  for name in pairs(record.f) do
    names[name] = true
    count = count + 1
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

-- The change feed (WatchCustomerChanges): written in the same step as the change, trimmed and
-- appended by the stream kit's fragment (ServiceDefaults/Streams/stream.lua, put before this
-- one): positions come from the service's clock, or the stream's newest millisecond should
-- another instance's clock have run ahead. Returns the position.
local feed_ms = now
local function feed(kind, id, changed)
  stream_trim(K_CHANGES, K_TRIMMED, trim_below)
  trim_below = ''
  local fields = { 'k', kind, 'id', idstr(id), 'u', uid, 't', now, 'f', cjson.encode(changed) }
  local position
  position, feed_ms = stream_append(K_CHANGES, feed_ms, fields)
  -- One notice per script: the watchers it wakes read everything the script wrote.
  if notify ~= '' then
    redis.call('PUBLISH', notify, position)
    notify = ''
  end
  return position
end

-- A script that writes many customers (import) may gather what only adds to the brand's
-- sequences and sorted sets, which nothing in the script reads back, and write each once at its
-- end: batch_begin(), then batch_end(). Outside such a batch every write goes at once.
local batch = nil

local function batch_begin() batch = { sequences = {}, sorted = {} } end

-- The next value of a sequence (KEYS[1] or KEYS[6]).
local function next_in(key)
  if not batch then return redis.call('INCR', key) end
  local value = (batch.sequences[key] or tonumber(redis.call('GET', key) or '0')) + 1
  batch.sequences[key] = value
  return value
end

local function add_sorted(key, score, member)
  if not batch then
    redis.call('ZADD', key, score, member)
    return
  end
  local list = batch.sorted[key] or {}
  batch.sorted[key] = list
  list[#list + 1] = score
  list[#list + 1] = member
end

local function batch_end()
  for key, value in pairs(batch.sequences) do redis.call('SET', key, string.format('%d', value)) end
  -- At most 1,000 score/member pairs a command: Lua's unpack has a limit.
  for key, list in pairs(batch.sorted) do
    for first = 1, #list, 2000 do redis.call('ZADD', key, unpack(list, first, math.min(first + 1999, #list))) end
  end
  batch = nil
end

local function history(id, action, changed)
  local seq = next_in(K_HSEQ)
  add_sorted(K_HISTORY, 0, pad(id) .. ':' .. pad(seq) .. ':' ..
    cjson.encode({ t = tonumber(now), u = tonumber(uid), n = uname, a = action, f = changed }))
end

-- After a change to a loaded record: store it, and when anything changed, its time, a history
-- entry and a change on the feed.
local function commit(record, action, changed)
  if #changed > 0 then
    record.updated = now
    history(record.id, action, changed)
    feed('u', record.id, changed)
  end
  return save(record)
end

-- An index entry is free when nobody holds it, or the customer itself does.
local function email_free(ekey, id)
  local owner = redis.call('HGET', K_EMAIL, ekey)
  return (not owner) or owner == idstr(id)
end

local function ext_free(ext, id)
  if ext == '' then return true end
  local owner = redis.call('HGET', K_EXT, ext)
  return (not owner) or owner == idstr(id)
end

-- Returns the new id and the record as stored.
local function create(email, ekey, ext, fields)
  local id = idstr(next_in(K_SEQ))
  local record = { id = id, email = email, ekey = ekey, ext = ext, created = now, updated = now,
    hard = 0, soft = 0, complaints = 0, unsub = 0, f = {} }
  redis.call('HSET', K_EMAIL, ekey, id)
  local changed = { 'email_address' }
  if ext ~= '' then
    redis.call('HSET', K_EXT, ext, id)
    changed[#changed + 1] = 'external_id'
  end
  for i = 1, #fields, 2 do
    record.f[fields[i]] = fields[i + 1]
    changed[#changed + 1] = 'fields.' .. fields[i]
  end
  local json = save(record)
  add_sorted(K_IDS, id, id)
  history(id, 'created', changed)
  feed('c', id, changed)
  return id, json
end

-- A new address moves the index entry in the same step; a new mailbox (not just other letter
-- case) resets the soft-bounce count, as the mailability rules say.
local function set_email(record, email, ekey, changed)
  if record.email == email then return end
  local old_ekey = record.ekey
  record.email, record.ekey = email, ekey
  changed[#changed + 1] = 'email_address'
  if old_ekey ~= ekey then
    redis.call('HDEL', K_EMAIL, old_ekey)
    redis.call('HSET', K_EMAIL, ekey, record.id)
    if record.soft ~= 0 then
      record.soft = 0
      changed[#changed + 1] = 'mailability.soft_bounce_count'
    end
  end
end

local function set_ext(record, ext, changed)
  if record.ext == ext then return end
  if record.ext ~= '' then redis.call('HDEL', K_EXT, record.ext) end
  if ext ~= '' then redis.call('HSET', K_EXT, ext, record.id) end
  record.ext = ext
  changed[#changed + 1] = 'external_id'
end

local function set_fields(record, fields, changed)
  for i = 1, #fields, 2 do
    if record.f[fields[i]] ~= fields[i + 1] then
      record.f[fields[i]] = fields[i + 1]
      changed[#changed + 1] = 'fields.' .. fields[i]
    end
  end
end

local function remove_fields(record, names, changed)
  for _, name in ipairs(names) do
    if record.f[name] ~= nil then
      record.f[name] = nil
      changed[#changed + 1] = 'fields.' .. name
    end
  end
end

local function slice(from, count)
  local out = {}
  for i = from, from + count - 1 do out[#out + 1] = ARGV[i] end
  return out
end
