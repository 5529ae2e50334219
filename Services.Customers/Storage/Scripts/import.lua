-- One row of a bulk import, matched by e-mail (ARGV[6] = 'e') or external id ('x').
-- ARGV[7] e-mail ('' = keep), ARGV[8] its index key, ARGV[9] external id, ARGV[10..] field pairs.
-- Returns {'created', id}, {'updated', id}, or why the row was refused.
local match, email, ekey, ext = ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local fields = slice(10, #ARGV - 9)
local id
if match == 'x' then id = redis.call('HGET', K_EXT, ext) else id = redis.call('HGET', K_EMAIL, ekey) end

if not id then
  if email == '' then return { 'email_required' } end
  if not email_free(ekey, 0) then return { 'email_taken' } end
  if not ext_free(ext, 0) then return { 'external_id_taken' } end
  return { 'created', tonumber((create(email, ekey, ext, fields))) }
end

local record = load(id)
if match == 'x' and email ~= '' and not email_free(ekey, id) then return { 'email_taken' } end
if match == 'e' and ext ~= '' and not ext_free(ext, id) then return { 'external_id_taken' } end
if field_count_after(record, fields, {}) > max_fields then return { 'too_many_fields' } end
local changed = {}
if match == 'x' and email ~= '' then set_email(record, email, ekey, changed) end
if match == 'e' and ext ~= '' then set_ext(record, ext, changed) end
set_fields(record, fields, changed)
commit(record, 'updated', changed)
return { 'updated', tonumber(id) }
