-- Many mailability events in their order, in one atomic step, each exactly as mailability.lua
-- records one: the counters, the `updated` time and a history entry when something changed, and
-- a marker per activity uuid so that a retried activity changes nothing and answers with the
-- counts it left. A customer's counters are read once and written once per call, whatever the
-- number of its events.
-- KEYS: three per event i (1-based): KEYS[3i-2] the customer hash, KEYS[3i-1] its history list,
-- KEYS[3i] the activity's marker (`mk:<uuid>`; passed but never touched when the event has none).
-- ARGV[1] now (Unix ms), ARGV[2] API user id, ARGV[3] API user name, ARGV[4] how long a marker
-- is kept (s); then two per event: ARGV[3 + 2i] hard, soft, engagement, complaint or unsubscribe,
-- ARGV[4 + 2i] '1' when the event has an activity uuid, else ''.
-- Returns {'not_found', i, ...} (1-based events whose customer does not exist; nothing changed)
-- or {'ok', hard, soft, complaints, unsubscribed, ...}: four numbers per event, after it.
local now, uid, uname, keep = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local count = #KEYS / 3
local actions = { hard = 'bounce', soft = 'bounce', engagement = 'engagement', complaint = 'complaint', unsubscribe = 'unsubscribe' }

-- key -> {hard, soft, complaints, unsub, changed, history key, history entries}, or false.
local customers = {}
local missing = {}
for i = 1, count do
  local event = ARGV[3 + 2 * i]
  if not actions[event] then return redis.error_reply('unknown mailability event ' .. event) end
  local key = KEYS[3 * i - 2]
  if customers[key] == nil then
    local v = redis.call('HMGET', key, 'id', 'hard', 'soft', 'complaints', 'unsub')
    customers[key] = v[1] and {
      tonumber(v[2] or '0'), tonumber(v[3] or '0'), tonumber(v[4] or '0'), tonumber(v[5] or '0'),
      false, KEYS[3 * i - 1], {} } or false
  end
  if not customers[key] then missing[#missing + 1] = i end
end
if #missing > 0 then
  table.insert(missing, 1, 'not_found')
  return missing
end

local out = { 'ok' }
for i = 1, count do
  local c = customers[KEYS[3 * i - 2]]
  local mkey, event, marked = KEYS[3 * i], ARGV[3 + 2 * i], ARGV[4 + 2 * i] == '1'
  local saved = marked and redis.call('GET', mkey) or nil
  if saved then
    local hard, soft, complaints = string.match(saved, '^(%d+):(%d+):(%d+)$')
    out[#out + 1] = tonumber(hard)
    out[#out + 1] = tonumber(soft)
    out[#out + 1] = tonumber(complaints)
    out[#out + 1] = c[4]
  else
    local changed = nil
    if event == 'hard' then
      c[1] = c[1] + 1
      changed = 'mailability.hard_bounce_count'
    elseif event == 'soft' then
      c[2] = c[2] + 1
      changed = 'mailability.soft_bounce_count'
    elseif event == 'engagement' then
      if c[2] ~= 0 then
        c[2] = 0
        changed = 'mailability.soft_bounce_count'
      end
    elseif event == 'complaint' then
      c[3] = c[3] + 1
      changed = 'mailability.complaint_count'
    elseif c[4] ~= 1 then
      c[4] = 1
      changed = 'mailability.unsubscribed'
    end
    if changed then
      c[5] = true
      c[7][#c[7] + 1] = cjson.encode({ t = tonumber(now), u = tonumber(uid), n = uname, a = actions[event], f = { changed } })
    end
    if marked then
      redis.call('SET', mkey, string.format('%d:%d:%d', c[1], c[2], c[3]), 'EX', keep)
    end
    for j = 1, 4 do out[#out + 1] = c[j] end
  end
end

for key, c in pairs(customers) do
  if c[5] then
    redis.call('HSET', key, 'hard', string.format('%d', c[1]), 'soft', string.format('%d', c[2]),
      'complaints', string.format('%d', c[3]), 'unsub', string.format('%d', c[4]), 'updated', now)
    for first = 1, #c[7], 1000 do
      redis.call('RPUSH', c[6], unpack(c[7], first, math.min(first + 999, #c[7])))
    end
  end
end
return out
