-- KEYS[1] the brand's module names, KEYS[2] the module hash.
-- ARGV[1] name, ARGV[2] definition (JSON), ARGV[3] now (Unix ms), ARGV[4] most modules a brand may have.
if redis.call('EXISTS', KEYS[2]) == 1 then return { 'exists' } end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return { 'too_many' } end
redis.call('HSET', KEYS[2], 'def', ARGV[2], 'ver', 1, 'created', ARGV[3], 'updated', ARGV[3], 'stamp', 0)
redis.call('ZADD', KEYS[1], 0, ARGV[1])
return { 'ok' }
