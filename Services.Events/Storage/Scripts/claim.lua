-- KEYS: stream, then one uuid marker per uuid. ARGV: claim, claim lifetime (ms).
-- Returns one reply per marker: {0} claimed (or already ours), {1, position[, fields]} stored,
-- {2} another emit holds it.
local out = {}
for i = 2, #KEYS do
  local marker = redis.call('GET', KEYS[i])
  if not marker then
    redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
    out[#out + 1] = {0}
  elseif string.sub(marker, 1, 1) == '~' then
    out[#out + 1] = {marker == ARGV[1] and 0 or 2}
  else
    local entries = redis.call('XRANGE', KEYS[1], marker, marker)
    if entries[1] then out[#out + 1] = {1, marker, entries[1][2]} else out[#out + 1] = {1, marker} end
  end
end
return out
