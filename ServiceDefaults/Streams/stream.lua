-- The stream kit's writing half (ServiceDefaults/Streams), put before every script that trims or
-- appends to a brand's stream. Positions are `<ms>-<sequence>`, ms from the service's clock.

-- Trims `stream` below the position `below` (XTRIM MINID; '' = not now), remembering in
-- `trimmed` the newest entry it removes: Redis records no such thing for a trim
-- (max-deleted-entry-id only follows XDEL), and a reader must learn exactly whether its cursor
-- is still in reach. Returns how many entries went.
-- XREVRANGE is asked only once XRANGE has found something to trim: with nothing below its end,
-- Redis walks the whole stream backwards before answering that there is nothing.
local function stream_trim(stream, trimmed, below)
  if below == '' or not redis.call('XRANGE', stream, '-', '(' .. below, 'COUNT', 1)[1] then return 0 end
  local gone = redis.call('XREVRANGE', stream, '(' .. below, '-', 'COUNT', 1)
  redis.call('SET', trimmed, gone[1][1])
  return redis.call('XTRIM', stream, 'MINID', below)
end

-- Appends `fields` (a flat name, value list) at millisecond `ms`, the service's clock. When the
-- stream has already given out a later id (another instance's clock is ahead, or this one
-- stepped back), the entry takes that millisecond instead, so ids only ever grow and every
-- millisecond in them is one a service's clock gave. Returns the position and the millisecond it
-- used: a script appending more passes that on, and needs no second look.
local function stream_append(stream, ms, fields)
  local position = redis.pcall('XADD', stream, ms .. '-*', unpack(fields))
  if type(position) == 'table' and position.err then
    local info = redis.call('XINFO', 'STREAM', stream)
    for i = 1, #info, 2 do
      if info[i] == 'last-generated-id' then ms = string.match(info[i + 1], '^(%d+)') end
    end
    position = redis.call('XADD', stream, ms .. '-*', unpack(fields))
  end
  return position, ms
end
