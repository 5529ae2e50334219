-- A whole batch: trim, then per activity the uuid check, metric id, XADD, marker and (for a
-- broadcast) its shared details and the recipient's own record, then ONE notice. Together or
-- not at all, so an activity is stored once however many emits race for it.
-- KEYS: [1] stream, [2] trimmed-through, then the other keys the items name by index.
-- ARGV: [1] now (Unix ms, the service's clock), [2] trim below (stream id, "" = none),
-- [3] channel to notify, [4] marker lifetime (ms), [5] recipients lifetime (ms), then per item:
-- flags (1: the uuid was given, so it may be stored already; 2: a broadcast), uuid marker key
-- index, metric counter key index (0 = no metric id), activity (protobuf), the emit's W3C
-- traceparent and tracestate ("" when none: the entry then has no such field); a broadcast adds
-- shared-details key index, recipients key index, customer id, the recipient's details
-- without manual options (protobuf BroadcastDetails), the recipient's record (protobuf
-- RecipientBroadcast without details). When the broadcast's stored shared details are not
-- the recipient's, the record gets the recipient's details as its field 2: protobuf reads
-- concatenated messages as one, so appending that field is enough.
-- The stream kit's fragment (ServiceDefaults/Streams/stream.lua, put before this script) trims
-- and appends: stream ids are `<now>-<sequence>`, the service's clock, or the stream's newest
-- millisecond when that is later, so ids only ever grow.
-- Metric counters and recipients hashes are read and written once per batch, not per item.
-- Returns per item {0, position, metric id} appended or {1, position[, fields]} duplicate.
local stream = KEYS[1]
local ms = ARGV[1]
stream_trim(stream, KEYS[2], ARGV[2])
local function add(activity, metricId, traceParent, traceState)
  local fields = {'a', activity, 'mid', metricId}
  if traceParent ~= '' then fields[#fields + 1] = 'tp'; fields[#fields + 1] = traceParent end
  if traceState ~= '' then fields[#fields + 1] = 'ts'; fields[#fields + 1] = traceState end
  local position
  position, ms = stream_append(stream, ms, fields)
  return position
end
local function varint(n)
  local bytes = ''
  while n >= 128 do
    bytes = bytes .. string.char(n % 128 + 128)
    n = math.floor(n / 128)
  end
  return bytes .. string.char(n)
end
local counters = {}
local shared = {}
local recipients = {}
local out = {}
local appended = 0
local a = 6
while a <= #ARGV do
  local flags = tonumber(ARGV[a])
  local marker = KEYS[tonumber(ARGV[a + 1])]
  local counter = tonumber(ARGV[a + 2])
  local activity = ARGV[a + 3]
  local broadcast = flags >= 2
  local stored = (flags % 2 == 1) and redis.call('GET', marker)
  if stored and string.sub(stored, 1, 1) ~= '~' then
    local entries = redis.call('XRANGE', stream, stored, stored)
    if entries[1] then out[#out + 1] = {1, stored, entries[1][2]} else out[#out + 1] = {1, stored} end
  else
    local metricId = 0
    if counter > 0 then
      local key = KEYS[counter]
      if counters[key] == nil then counters[key] = tonumber(redis.call('GET', key) or '0') end
      counters[key] = counters[key] + 1
      metricId = string.format('%d', counters[key])
    end
    local position = add(activity, metricId, ARGV[a + 4], ARGV[a + 5])
    redis.call('SET', marker, position, 'PX', ARGV[4])
    if broadcast then
      local sharedKey = KEYS[tonumber(ARGV[a + 6])]
      if shared[sharedKey] == nil then
        shared[sharedKey] = redis.call('SET', sharedKey, ARGV[a + 9], 'NX', 'GET') or ARGV[a + 9]
      end
      local record = ARGV[a + 10]
      if shared[sharedKey] ~= ARGV[a + 9] then record = record .. '\18' .. varint(#ARGV[a + 9]) .. ARGV[a + 9] end
      local recipientsKey = KEYS[tonumber(ARGV[a + 7])]
      local fields = recipients[recipientsKey]
      if fields == nil then fields = {}; recipients[recipientsKey] = fields end
      fields[#fields + 1] = ARGV[a + 8]
      fields[#fields + 1] = record
    end
    appended = appended + 1
    out[#out + 1] = {0, position, metricId}
  end
  a = a + (broadcast and 11 or 6)
end
for key, value in pairs(counters) do redis.call('SET', key, string.format('%d', value)) end
for key, fields in pairs(recipients) do
  for first = 1, #fields, 1000 do
    redis.call('HSET', key, unpack(fields, first, math.min(first + 999, #fields)))
  end
  redis.call('PEXPIRE', key, ARGV[5])
end
if appended > 0 then redis.call('PUBLISH', ARGV[3], ms) end
return out
