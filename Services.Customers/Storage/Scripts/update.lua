-- ARGV[5] id, ARGV[6] flags (E: set e-mail, X: set external id, F: replace all fields),
-- ARGV[7] e-mail, ARGV[8] its index key, ARGV[9] external id,
-- ARGV[10] n, then n field name/value pairs, then the names of fields to remove.
local id = ARGV[5]
if redis.call('EXISTS', ckey(id)) == 0 then return { 'not_found' } end
local flags = ARGV[6]
local set_e = string.find(flags, 'E', 1, true)
local set_x = string.find(flags, 'X', 1, true)
local replace = string.find(flags, 'F', 1, true)
local n = tonumber(ARGV[10])
local fields = slice(11, 2 * n)
local removed = slice(11 + 2 * n, #ARGV - 10 - 2 * n)
if replace then
  local keep = {}
  for i = 1, #fields, 2 do keep['f:' .. fields[i]] = true end
  for _, field in ipairs(redis.call('HKEYS', ckey(id))) do
    if string.sub(field, 1, 2) == 'f:' and not keep[field] then
      removed[#removed + 1] = string.sub(field, 3)
    end
  end
end

-- Every check before the first write: a script is not rolled back.
if set_e and not email_free(ARGV[8], id) then return { 'email_taken' } end
if set_x and not ext_free(ARGV[9], id) then return { 'external_id_taken' } end
local count = field_count_after(id, fields, removed)
if count > max_fields then return { 'too_many_fields', count } end

local changed = {}
if set_e then set_email(id, ARGV[7], ARGV[8], changed) end
if set_x then set_ext(id, ARGV[9], changed) end
set_fields(id, fields, changed)
remove_fields(id, removed, changed)
touch(id, 'updated', changed)
return with_record('ok', id)
