-- ARGV[6] e-mail, ARGV[7] its index key, ARGV[8] external id, ARGV[9..] field name/value pairs.
-- Returns {'ok', record} or {'email_taken'} / {'external_id_taken'}.
local email, ekey, ext = ARGV[6], ARGV[7], ARGV[8]
if not email_free(ekey, 0) then return { 'email_taken' } end
if not ext_free(ext, 0) then return { 'external_id_taken' } end
local _, json = create(email, ekey, ext, slice(9, #ARGV - 8))
return { 'ok', json }
