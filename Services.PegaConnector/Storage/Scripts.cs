namespace Deployteq.PegaConnector.Storage;

// The connector's Lua scripts. Every key arrives through KEYS.
public static class Scripts
{
    // KEYS[1] lease, KEYS[2] the installation's lease epoch. ARGV[1] owner, ARGV[2] lifetime (ms).
    // The new epoch when the lease was free (its token is "<owner>@<epoch>"), 0 when it is held.
    public const string AcquireLease = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local epoch = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[1] .. '@' .. epoch, 'PX', ARGV[2])
        return epoch
        """;

    // KEYS[1] the installation, KEYS[2] lease, KEYS[3..] marks. ARGV[1] lease token, ARGV[2] its
    // epoch, ARGV[3] lifetime (ms).
    // Per mark: 0 claimed for this epoch, 1 finished already (delivered or dead); all 3 when the
    // installation is gone (uninstalled: send nothing more), all 4 when the caller no longer
    // holds the lease. A mark in flight for an older epoch is taken over at once: its holder
    // stopped sending when it could not renew the lease, so what it may still have had on the
    // wire is at most its concurrency limit. One call for a whole batch.
    public const string Claim = """
        local states = {}
        if redis.call('EXISTS', KEYS[1]) == 0 then
          for i = 3, #KEYS do states[i - 2] = 3 end
          return states
        end
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then
          for i = 3, #KEYS do states[i - 2] = 4 end
          return states
        end
        local mine = 'f:' .. ARGV[2]
        local epoch = tonumber(ARGV[2])
        for i = 3, #KEYS do
          if redis.call('SET', KEYS[i], mine, 'NX', 'PX', ARGV[3]) then
            states[i - 2] = 0
          else
            local v = redis.call('GET', KEYS[i])
            if v == 'd' or v == 'x' then
              states[i - 2] = 1
            elseif (tonumber(string.match(v, '^f:(%d+)$') or '0')) <= epoch then
              redis.call('SET', KEYS[i], mine, 'PX', ARGV[3])
              states[i - 2] = 0
            else
              states[i - 2] = 4
            end
          end
        end
        return states
        """;

    // KEYS[1] lease, KEYS[2] checkpoint, KEYS[3] stats, KEYS[4] dead index, KEYS[5] dead letters,
    // KEYS[6] redrive, KEYS[7] the installation, KEYS[8..] marks.
    // ARGV[1] lease token, ARGV[2] checkpoint or "", ARGV[3] record lifetime (ms), ARGV[4] now (ms),
    // ARGV[5] retried, ARGV[6] failed, ARGV[7] duplicates avoided, ARGV[8] the settings version
    // the activities were read with, then per mark: state ("d" or "x"), uuid, dead letter ("" for
    // "d").
    // Records first; the checkpoint moves only while the caller holds the lease (a process that
    // lost it cannot move a checkpoint the new holder relies on) and only while the settings are
    // those it read with (positions it passed as unselected may be selected by new ones).
    public const string Complete = """
        local delivered, dead = 0, 0
        local redriving = redis.call('EXISTS', KEYS[6]) == 1
        for i = 8, #KEYS do
          local a = 9 + (i - 8) * 3
          local state, uuid, letter = ARGV[a], ARGV[a + 1], ARGV[a + 2]
          redis.call('SET', KEYS[i], state, 'PX', ARGV[3])
          if redriving then redis.call('HDEL', KEYS[6], uuid) end
          if state == 'x' then
            dead = dead + 1
            redis.call('HSET', KEYS[5], uuid, letter)
            redis.call('ZADD', KEYS[4], ARGV[4], uuid)
          else
            delivered = delivered + 1
          end
        end
        if delivered > 0 then redis.call('HINCRBY', KEYS[3], 'delivered', delivered) end
        if dead > 0 then redis.call('HINCRBY', KEYS[3], 'dead', dead) end
        if ARGV[5] ~= '0' then redis.call('HINCRBY', KEYS[3], 'retried', ARGV[5]) end
        if ARGV[6] ~= '0' then redis.call('HINCRBY', KEYS[3], 'failed', ARGV[6]) end
        if ARGV[7] ~= '0' then redis.call('HINCRBY', KEYS[3], 'dup', ARGV[7]) end
        if ARGV[2] ~= '' and redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('HGET', KEYS[7], 'ver') == ARGV[8] then
          redis.call('SET', KEYS[2], ARGV[2])
        end
        return delivered + dead
        """;

    // KEYS[1] lease. ARGV[1] lease token, ARGV[2] lifetime (ms). 1 when still held (and extended).
    public const string RenewLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    // KEYS[1] lease. ARGV[1] lease token, ARGV[2] the channel that tells the other processes to
    // look for work at once (a deploy's next process takes over without waiting for a scan).
    public const string ReleaseLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          redis.call('PUBLISH', ARGV[2], KEYS[1])
          return 1
        end
        return 0
        """;

    // KEYS[1] dead index, KEYS[2] dead letters, KEYS[3] redrive, KEYS[4..] the live marks of the
    // uuids. ARGV: the uuids, in the order of their marks. Moves each dead letter to the redrive
    // queue and forgets that it was dead, so that it is claimed and sent again.
    public const string Redrive = """
        local moved = 0
        for i = 4, #KEYS do
          local uuid = ARGV[i - 3]
          local letter = redis.call('HGET', KEYS[2], uuid)
          if letter then
            redis.call('HSET', KEYS[3], uuid, letter)
            redis.call('HDEL', KEYS[2], uuid)
            redis.call('ZREM', KEYS[1], uuid)
            redis.call('DEL', KEYS[i])
            moved = moved + 1
          end
        end
        return moved
        """;

    // KEYS[1] dead index, KEYS[2] dead letters. ARGV: uuids.
    public const string Purge = """
        local removed = 0
        for i = 1, #ARGV do
          removed = removed + redis.call('HDEL', KEYS[2], ARGV[i])
          redis.call('ZREM', KEYS[1], ARGV[i])
        end
        return removed
        """;
}
