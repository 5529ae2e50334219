-- Many mailability events in their order, in one atomic step, each exactly as mailability.lua
-- records one: the counters, the `updated` time and a history entry when something changed, and
-- a marker per activity uuid so that a retried activity changes nothing and answers with the
-- counts it left.
-- KEYS: three per event i (1-based): KEYS[3i-2] the customer hash, KEYS[3i-1] its history list,
-- KEYS[3i] the activity's marker (`mk:<uuid>`; passed but never touched when the event has none).
-- ARGV[1] now (Unix ms), ARGV[2] API user id, ARGV[3] API user name, ARGV[4] how long a marker
-- is kept (s); then two per event: ARGV[3 + 2i] hard, soft, engagement, complaint or unsubscribe,
-- ARGV[4 + 2i] '1' when the event has an activity uuid, else ''.
-- Returns {'not_found', i, ...} (1-based events whose customer does not exist; nothing changed)
-- or {'ok', hard, soft, complaints, unsubscribed, ...}: four numbers per event, after it.
local now, uid, uname, keep = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local count = #KEYS / 3

local kinds = { hard = 'bounce', soft = 'bounce', engagement = 'engagement', complaint = 'complaint', unsubscribe = 'unsubscribe' }
local missing = {}
local known = {}
for i = 1, count do
  if not kinds[ARGV[3 + 2 * i]] then return redis.error_reply('unknown mailability event ' .. ARGV[3 + 2 * i]) end
  local key = KEYS[3 * i - 2]
  if known[key] == nil then known[key] = redis.call('EXISTS', key) == 1 end
  if not known[key] then missing[#missing + 1] = i end
end
if #missing > 0 then
  table.insert(missing, 1, 'not_found')
  return missing
end

local out = { 'ok' }
for i = 1, count do
  local key, hkey, mkey = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local event, marked = ARGV[3 + 2 * i], ARGV[4 + 2 * i] == '1'
  local saved = marked and redis.call('GET', mkey) or nil
  if saved then
    local hard, soft, complaints = string.match(saved, '^(%d+):(%d+):(%d+)$')
    out[#out + 1] = tonumber(hard)
    out[#out + 1] = tonumber(soft)
    out[#out + 1] = tonumber(complaints)
    out[#out + 1] = tonumber(redis.call('HGET', key, 'unsub') or '0')
  else
    local changed = {}
    if event == 'hard' then
      redis.call('HINCRBY', key, 'hard', 1)
      changed[1] = 'mailability.hard_bounce_count'
    elseif event == 'soft' then
      redis.call('HINCRBY', key, 'soft', 1)
      changed[1] = 'mailability.soft_bounce_count'
    elseif event == 'engagement' then
      if redis.call('HGET', key, 'soft') ~= '0' then
        redis.call('HSET', key, 'soft', 0)
        changed[1] = 'mailability.soft_bounce_count'
      end
    elseif event == 'complaint' then
      redis.call('HINCRBY', key, 'complaints', 1)
      changed[1] = 'mailability.complaint_count'
    elseif event == 'unsubscribe' then
      if redis.call('HGET', key, 'unsub') ~= '1' then
        redis.call('HSET', key, 'unsub', 1)
        changed[1] = 'mailability.unsubscribed'
      end
    end
    if #changed > 0 then
      redis.call('HSET', key, 'updated', now)
      redis.call('RPUSH', hkey,
        cjson.encode({ t = tonumber(now), u = tonumber(uid), n = uname, a = kinds[event], f = changed }))
    end
    local counts = redis.call('HMGET', key, 'hard', 'soft', 'complaints', 'unsub')
    if marked then
      redis.call('SET', mkey, counts[1] .. ':' .. counts[2] .. ':' .. counts[3], 'EX', keep)
    end
    for j = 1, 4 do out[#out + 1] = tonumber(counts[j] or '0') end
  end
end
return out
