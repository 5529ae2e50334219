-- ARGV[6] id. Removes the record, its index entries, its history and its group memberships, and
-- puts the deletion on the change feed. Returns {'ok', its position on the feed} or {'not_found'}.
local id = ARGV[6]
local record = load(id)
if not record then return { 'not_found' } end
redis.call('HDEL', K_EMAIL, record.ekey)
if record.ext ~= '' then redis.call('HDEL', K_EXT, record.ext) end
redis.call('ZREM', K_IDS, id)
redis.call('HDEL', K_RECORDS, id)
local from, to = '[' .. pad(id) .. ':', '(' .. pad(id) .. ';'
redis.call('ZREMRANGEBYLEX', K_HISTORY, from, to)
for _, membership in ipairs(redis.call('ZRANGE', K_MEMBERSHIPS, from, to, 'BYLEX')) do
  local group = string.sub(membership, 21)
  redis.call('ZREM', K_MEMBERS, group .. ':' .. pad(id))
end
redis.call('ZREMRANGEBYLEX', K_MEMBERSHIPS, from, to)
return { 'ok', feed('d', id, {}) }
