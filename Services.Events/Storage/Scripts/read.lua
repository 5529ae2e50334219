-- KEYS: stream, trimmed-through. ARGV: from, to, count.
-- One page and the trim mark of the same moment, so a reader knows exactly whether retention
-- took something from under it. Returns {trimmed-through or '', entries}.
return {redis.call('GET', KEYS[2]) or '', redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[2], 'COUNT', ARGV[3])}
