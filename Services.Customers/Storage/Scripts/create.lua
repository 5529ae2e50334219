-- ARGV[5] e-mail, ARGV[6] its index key, ARGV[7] external id, ARGV[8..] field name/value pairs.
local email, ekey, ext = ARGV[5], ARGV[6], ARGV[7]
if not email_free(ekey, 0) then return { 'email_taken' } end
if not ext_free(ext, 0) then return { 'external_id_taken' } end
local id = create(email, ekey, ext, slice(8, #ARGV - 7))
return with_record('ok', id)
