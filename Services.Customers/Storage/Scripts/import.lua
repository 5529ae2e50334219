-- A batch of bulk-import rows, each matched by e-mail ('e') or external id ('x') and applied on its
-- own, in order, as if each were a script of its own: a refused row is checked before anything of
-- it is written, so it leaves nothing behind, and a later row sees what an earlier one did.
-- From ARGV[6], per row: match, e-mail ('' = keep), its index key, external id, the number of
-- field pairs, then the pairs.
-- Returns per row 'created', 'updated', or why it was refused. The customer ids, the history and
-- their sequences are written once, at the end (batch_begin in common.lua).
local function import_row(match, email, ekey, ext, fields)
  local id
  if match == 'x' then id = redis.call('HGET', K_EXT, ext) else id = redis.call('HGET', K_EMAIL, ekey) end

  if not id then
    if email == '' then return 'email_required' end
    -- The index the row was matched by is free: it was just read.
    if match == 'x' and not email_free(ekey, 0) then return 'email_taken' end
    if match == 'e' and not ext_free(ext, 0) then return 'external_id_taken' end
    create(email, ekey, ext, fields)
    return 'created'
  end

  local record = load(id)
  if match == 'x' and email ~= '' and not email_free(ekey, id) then return 'email_taken' end
  if match == 'e' and ext ~= '' and not ext_free(ext, id) then return 'external_id_taken' end
  if field_count_after(record, fields, {}) > max_fields then return 'too_many_fields' end
  local changed = {}
  if match == 'x' and email ~= '' then set_email(record, email, ekey, changed) end
  if match == 'e' and ext ~= '' then set_ext(record, ext, changed) end
  set_fields(record, fields, changed)
  commit(record, 'updated', changed)
  return 'updated'
end

local outcomes, a = {}, 6
batch_begin()
while a <= #ARGV do
  local pairs_count = tonumber(ARGV[a + 4])
  outcomes[#outcomes + 1] = import_row(ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], slice(a + 5, 2 * pairs_count))
  a = a + 5 + 2 * pairs_count
end
batch_end()
return outcomes
