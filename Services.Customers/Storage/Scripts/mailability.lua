-- KEYS[12] the activity's marker (`mk:<uuid>`; passed but never touched without a uuid).
-- ARGV[6] id, ARGV[7] what happened: hard, soft, engagement, complaint, unsubscribe,
-- ARGV[8] '1' when there is an activity uuid, ARGV[9] how long a marker is kept (s).
-- Returns {'ok', record} or {'not_found'}; for an activity recorded before, the record with the
-- counts that activity left: {'ok', record, hard, soft, complaints}.
local record = load(ARGV[6])
if not record then return { 'not_found' } end
local event, marker = ARGV[7], ARGV[8] == '1' and KEYS[12] or nil
-- An activity that was recorded already (its emit failed later and is being retried) changes
-- nothing, and answers with the counts it left.
if marker then
  local saved = redis.call('GET', marker)
  if saved then
    local hard, soft, complaints = string.match(saved, '^(%d+):(%d+):(%d+)$')
    return { 'ok', cjson.encode(record), hard, soft, complaints }
  end
end
local changed = {}
local action = event
if event == 'hard' then
  record.hard = record.hard + 1
  changed[1] = 'mailability.hard_bounce_count'
  action = 'bounce'
elseif event == 'soft' then
  record.soft = record.soft + 1
  changed[1] = 'mailability.soft_bounce_count'
  action = 'bounce'
elseif event == 'engagement' then
  if record.soft ~= 0 then
    record.soft = 0
    changed[1] = 'mailability.soft_bounce_count'
  end
elseif event == 'complaint' then
  record.complaints = record.complaints + 1
  changed[1] = 'mailability.complaint_count'
elseif event == 'unsubscribe' then
  if record.unsub ~= 1 then
    record.unsub = 1
    changed[1] = 'mailability.unsubscribed'
  end
else
  return redis.error_reply('unknown mailability event ' .. event)
end
local json = commit(record, action, changed)
if marker then
  redis.call('SET', marker, string.format('%d:%d:%d', record.hard, record.soft, record.complaints), 'EX', ARGV[9])
end
return { 'ok', json }
