-- ARGV[5] id, ARGV[6] what happened: hard, soft, engagement, complaint, unsubscribe,
-- ARGV[7] the activity's uuid ('' = none), ARGV[8] how long a uuid is remembered (s).
local id, event = ARGV[5], ARGV[6]
local key = ckey(id)
if redis.call('EXISTS', key) == 0 then return { 'not_found' } end
-- An activity that was recorded already (its emit failed later and is being retried) changes
-- nothing, and answers with the counts it left, appended so that they win over the current ones.
local marker = ARGV[7] ~= '' and (prefix .. 'mk:' .. ARGV[7]) or nil
if marker then
  local saved = redis.call('GET', marker)
  if saved then
    local hard, soft, complaints = string.match(saved, '^(%d+):(%d+):(%d+)$')
    local record = with_record('ok', id)
    for _, value in ipairs({ 'hard', hard, 'soft', soft, 'complaints', complaints }) do
      record[#record + 1] = value
    end
    return record
  end
end
local changed = {}
local action = event
if event == 'hard' then
  redis.call('HINCRBY', key, 'hard', 1)
  changed[1] = 'mailability.hard_bounce_count'
  action = 'bounce'
elseif event == 'soft' then
  redis.call('HINCRBY', key, 'soft', 1)
  changed[1] = 'mailability.soft_bounce_count'
  action = 'bounce'
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
else
  return redis.error_reply('unknown mailability event ' .. event)
end
touch(id, action, changed)
if marker then
  local counts = redis.call('HMGET', key, 'hard', 'soft', 'complaints')
  redis.call('SET', marker, counts[1] .. ':' .. counts[2] .. ':' .. counts[3], 'EX', ARGV[8])
end
return with_record('ok', id)
