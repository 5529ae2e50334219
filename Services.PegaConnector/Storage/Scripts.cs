namespace Deployteq.PegaConnector.Storage;

// The connector's Lua scripts. Every key arrives through KEYS.
public static class Scripts
{
    // KEYS[1] the installation, KEYS[2..] marks. ARGV[1] "f:<owner>", ARGV[2] lifetime (ms).
    // Per mark: 0 claimed (or renewed) for the owner, 1 finished already (delivered or dead), 2
    // in flight for another owner; all 3 when the installation is gone (uninstalled: send
    // nothing more). One call for a whole batch; a new mark costs one command.
    public const string Claim = """
        local states = {}
        if redis.call('EXISTS', KEYS[1]) == 0 then
          for i = 2, #KEYS do states[i - 1] = 3 end
          return states
        end
        for i = 2, #KEYS do
          if redis.call('SET', KEYS[i], ARGV[1], 'NX', 'PX', ARGV[2]) then
            states[i - 1] = 0
          else
            local v = redis.call('GET', KEYS[i])
            if v == false or v == ARGV[1] then
              redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
              states[i - 1] = 0
            elseif v == 'd' or v == 'x' then
              states[i - 1] = 1
            else
              states[i - 1] = 2
            end
          end
        end
        return states
        """;

    // KEYS[1] lease, KEYS[2] checkpoint, KEYS[3] stats, KEYS[4] dead index, KEYS[5] dead letters,
    // KEYS[6] redrive, KEYS[7] the installation, KEYS[8..] marks.
    // ARGV[1] owner, ARGV[2] checkpoint or "", ARGV[3] record lifetime (ms), ARGV[4] now (ms),
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

    // KEYS[1] lease. ARGV[1] owner, ARGV[2] lifetime (ms). 1 when still held (and extended).
    public const string RenewLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    // KEYS[1] lease. ARGV[1] owner.
    public const string ReleaseLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
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
