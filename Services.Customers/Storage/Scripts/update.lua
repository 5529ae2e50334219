-- ARGV[6] id, ARGV[7] flags (E: set e-mail, X: set external id, F: replace all fields),
-- ARGV[8] e-mail, ARGV[9] its index key, ARGV[10] external id,
-- ARGV[11] n, then n field name/value pairs, then the names of fields to remove.
-- Returns {'ok', record}, {'not_found'}, {'email_taken'}, {'external_id_taken'} or
-- {'too_many_fields', count}.
local record = load(ARGV[6])
if not record then return { 'not_found' } end
local flags = ARGV[7]
local set_e = string.find(flags, 'E', 1, true)
local set_x = string.find(flags, 'X', 1, true)
local replace = string.find(flags, 'F', 1, true)
local n = tonumber(ARGV[11])
local fields = slice(12, 2 * n)
local removed = slice(12 + 2 * n, #ARGV - 11 - 2 * n)
if replace then
  local keep = {}
  for i = 1, #fields, 2 do keep[fields[i]] = true end
  for name in pairs(record.f) do
    if not keep[name] then removed[#removed + 1] = name end
  end
end

-- Every check before the first write: a script is not rolled back.
if set_e and not email_free(ARGV[9], record.id) then return { 'email_taken' } end
if set_x and not ext_free(ARGV[10], record.id) then return { 'external_id_taken' } end
local count = field_count_after(record, fields, removed)
if count > max_fields then return { 'too_many_fields', count } end

local changed = {}
if set_e then set_email(record, ARGV[8], ARGV[9], changed) end
if set_x then set_ext(record, ARGV[10], changed) end
set_fields(record, fields, changed)
remove_fields(record, removed, changed)
return { 'ok', commit(record, 'updated', changed) }
