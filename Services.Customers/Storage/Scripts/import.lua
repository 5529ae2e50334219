-- One row of a bulk import, matched by e-mail (ARGV[5] = 'e') or external id ('x').
-- ARGV[6] e-mail ('' = keep), ARGV[7] its index key, ARGV[8] external id, ARGV[9..] field pairs.
local match, email, ekey, ext = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local fields = slice(9, #ARGV - 8)
local id
if match == 'x' then id = redis.call('HGET', KEYS[3], ext) else id = redis.call('HGET', KEYS[2], ekey) end

if not id then
  if email == '' then return { 'email_required' } end
  if not email_free(ekey, 0) then return { 'email_taken' } end
  if not ext_free(ext, 0) then return { 'external_id_taken' } end
  return { 'created', create(email, ekey, ext, fields) }
end

if match == 'x' and email ~= '' and not email_free(ekey, id) then return { 'email_taken' } end
if match == 'e' and ext ~= '' and not ext_free(ext, id) then return { 'external_id_taken' } end
if field_count_after(id, fields, {}) > max_fields then return { 'too_many_fields' } end
local changed = {}
if match == 'x' and email ~= '' then set_email(id, email, ekey, changed) end
if match == 'e' and ext ~= '' then set_ext(id, ext, changed) end
set_fields(id, fields, changed)
touch(id, 'updated', changed)
return { 'updated', tonumber(id) }
