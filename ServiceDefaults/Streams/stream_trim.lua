-- A retention sweep's trim of one brand's stream (StreamRetention), after stream.lua.
-- KEYS[1] the stream, KEYS[2] its trimmed-through. ARGV[1] trim below (a position).
-- Returns how many entries went.
return stream_trim(KEYS[1], KEYS[2], ARGV[1])
