-- ARGV[5] id, ARGV[6] what happened: hard, soft, engagement, complaint, unsubscribe.
local id, event = ARGV[5], ARGV[6]
local key = ckey(id)
if redis.call('EXISTS', key) == 0 then return { 'not_found' } end
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
return with_record('ok', id)
