namespace Deployteq.Events.Storage;

// The Lua scripts that keep a brand's multi-key invariants in one atomic step (DESIGN.md "Redis").
// A uuid marker holds either the stream position of the stored activity or "~<claim>" while an
// emit that has not stored yet holds it.
internal static class Scripts
{
    // KEYS: uuid marker, stream. ARGV: claim, claim lifetime (ms).
    // Returns {0} claimed (or already ours), {1, position[, fields]} stored, {2} another emit holds it.
    public const string Claim = """
        local marker = redis.call('GET', KEYS[1])
        if not marker then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return {0}
        end
        if string.sub(marker, 1, 1) == '~' then
          if marker == ARGV[1] then return {0} end
          return {2}
        end
        local entries = redis.call('XRANGE', KEYS[2], marker, marker)
        if entries[1] then return {1, marker, entries[1][2]} end
        return {1, marker}
        """;

    // KEYS: uuid marker. ARGV: claim. Gives a claim back when the emit failed before storing.
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 0
        """;

    // KEYS: stream, trimmed-through. ARGV: trim below (stream id).
    // XTRIM MINID, remembering the newest entry it removes: Redis records no such thing for a
    // trim (max-deleted-entry-id only follows XDEL), and a reader must learn exactly whether its
    // cursor is still in reach. Returns how many entries went.
    public const string Trim = """
        local gone = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[1], '-', 'COUNT', 1)
        if not gone[1] then return 0 end
        redis.call('SET', KEYS[2], gone[1][1])
        return redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
        """;

    // KEYS: stream, uuid marker, metric counter, broadcast, broadcast recipients, trimmed-through.
    // ARGV: activity (protobuf), count metric id (1/0), marker lifetime (ms), trim below
    // (stream id, "" = no trim), channel to notify ("" = none), broadcast details ("" = none),
    // customer id, recipient address ("" = none).
    // The uuid check, the metric id, the entry, the marker, the broadcast and the notice happen
    // together or not at all, so an activity is stored once however many emits race for it.
    // Returns {0, position, metric id} appended, {1, position[, fields]} duplicate.
    public const string Append = """
        local marker = redis.call('GET', KEYS[2])
        if marker and string.sub(marker, 1, 1) ~= '~' then
          if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], marker) end
          local entries = redis.call('XRANGE', KEYS[1], marker, marker)
          if entries[1] then return {1, marker, entries[1][2]} end
          return {1, marker}
        end
        local metricId = 0
        if ARGV[2] == '1' then metricId = redis.call('INCR', KEYS[3]) end
        if ARGV[4] ~= '' then
          local gone = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[4], '-', 'COUNT', 1)
          if gone[1] then
            redis.call('SET', KEYS[6], gone[1][1])
            redis.call('XTRIM', KEYS[1], 'MINID', ARGV[4])
          end
        end
        local position = redis.call('XADD', KEYS[1], '*', 'a', ARGV[1], 'mid', metricId)
        redis.call('SET', KEYS[2], position, 'PX', ARGV[3])
        if ARGV[6] ~= '' then redis.call('SET', KEYS[4], ARGV[6], 'NX') end
        if ARGV[8] ~= '' then redis.call('HSET', KEYS[5], ARGV[7], ARGV[8]) end
        if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], position) end
        return {0, position, metricId}
        """;
}
