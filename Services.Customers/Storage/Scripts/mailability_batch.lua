-- Many mailability events in their order, in one atomic step, each as mailability.lua records
-- one: the counters, the `updated` time and a history entry when something changed, and a marker
-- per activity uuid so that a retried activity changes nothing and answers with the counts it
-- left. A customer is read and written once per call whatever the number of its events, its
-- history entries go in one command, and the change feed gets one change per customer (with
-- every field that changed).
-- KEYS[11 + i] the marker of event i (`mk:<uuid>`; passed but never touched when it has none).
-- ARGV[6] how long a marker is kept (s); then three per event i (1-based): ARGV[4 + 3i] the
-- customer id, ARGV[5 + 3i] hard, soft, engagement, complaint or unsubscribe, ARGV[6 + 3i] '1'
-- when the event has an activity uuid, else ''.
-- Returns {'not_found', i, ...} (1-based events whose customer does not exist; nothing changed)
-- or {'ok', hard, soft, complaints, unsubscribed, ...}: four numbers per event, after it.
local keep = ARGV[6]
local count = (#ARGV - 6) / 3

local kinds = { hard = 'bounce', soft = 'bounce', engagement = 'engagement', complaint = 'complaint', unsubscribe = 'unsubscribe' }
local missing = {}
local records = {}
for i = 1, count do
  local id, event = ARGV[4 + 3 * i], ARGV[5 + 3 * i]
  if not kinds[event] then return redis.error_reply('unknown mailability event ' .. event) end
  if records[id] == nil then records[id] = load(id) or false end
  if not records[id] then missing[#missing + 1] = i end
end
if #missing > 0 then
  table.insert(missing, 1, 'not_found')
  return missing
end

local out = { 'ok' }
-- Customers that changed, in the order of their first change: id -> history entries and fields.
local touched, order = {}, {}
for i = 1, count do
  local id, event, marked = ARGV[4 + 3 * i], ARGV[5 + 3 * i], ARGV[6 + 3 * i] == '1'
  local record, mkey = records[id], KEYS[11 + i]
  local saved = marked and redis.call('GET', mkey) or nil
  if saved then
    local hard, soft, complaints = string.match(saved, '^(%d+):(%d+):(%d+)$')
    out[#out + 1] = tonumber(hard)
    out[#out + 1] = tonumber(soft)
    out[#out + 1] = tonumber(complaints)
    out[#out + 1] = record.unsub
  else
    local changed = nil
    if event == 'hard' then
      record.hard = record.hard + 1
      changed = 'mailability.hard_bounce_count'
    elseif event == 'soft' then
      record.soft = record.soft + 1
      changed = 'mailability.soft_bounce_count'
    elseif event == 'engagement' then
      if record.soft ~= 0 then
        record.soft = 0
        changed = 'mailability.soft_bounce_count'
      end
    elseif event == 'complaint' then
      record.complaints = record.complaints + 1
      changed = 'mailability.complaint_count'
    elseif record.unsub ~= 1 then
      record.unsub = 1
      changed = 'mailability.unsubscribed'
    end
    if changed then
      local t = touched[id]
      if not t then
        t = { entries = {}, fields = {}, seen = {} }
        touched[id] = t
        order[#order + 1] = id
      end
      t.entries[#t.entries + 1] = cjson.encode({ t = tonumber(now), u = tonumber(uid), n = uname, a = kinds[event], f = { changed } })
      if not t.seen[changed] then
        t.seen[changed] = true
        t.fields[#t.fields + 1] = changed
      end
    end
    if marked then
      redis.call('SET', mkey, string.format('%d:%d:%d', record.hard, record.soft, record.complaints), 'EX', keep)
    end
    out[#out + 1] = record.hard
    out[#out + 1] = record.soft
    out[#out + 1] = record.complaints
    out[#out + 1] = record.unsub
  end
end

for _, id in ipairs(order) do
  local t, record = touched[id], records[id]
  record.updated = now
  save(record)
  local last = redis.call('INCRBY', K_HSEQ, #t.entries)
  local members = {}
  for j, entry in ipairs(t.entries) do
    members[#members + 1] = 0
    members[#members + 1] = pad(id) .. ':' .. pad(last - #t.entries + j) .. ':' .. entry
  end
  for first = 1, #members, 2000 do
    redis.call('ZADD', K_HISTORY, unpack(members, first, math.min(first + 1999, #members)))
  end
  feed('u', id, t.fields)
end
return out
