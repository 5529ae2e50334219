-- A new definition of a module, written only if the module is still at the version it was read
-- at and the stored records allow it (the usage counts are kept by the record scripts).
-- KEYS[1] the module hash, KEYS[2] its usage counts.
-- ARGV[1] expected version, ARGV[2] new definition (JSON), ARGV[3] now (Unix ms),
-- ARGV[4..] pairs of check and field: 'unused' (no record holds the field), 'complete' (every
-- record does), 'empty' (no records at all).
local version = redis.call('HGET', KEYS[1], 'ver')
if not version then return { 'not_found' } end
if version ~= ARGV[1] then return { 'changed' } end
local records = tonumber(redis.call('HGET', KEYS[2], '#') or '0')
for i = 4, #ARGV, 2 do
  local check, field = ARGV[i], ARGV[i + 1]
  local used = tonumber(redis.call('HGET', KEYS[2], field) or '0')
  if (check == 'unused' and used > 0) or (check == 'complete' and used < records) or (check == 'empty' and records > 0) then
    return { 'failed', check, field, used, records }
  end
end
redis.call('HSET', KEYS[1], 'def', ARGV[2], 'ver', tonumber(version) + 1, 'updated', ARGV[3])
return { 'ok' }
