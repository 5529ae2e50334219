-- KEYS: uuid markers. ARGV: claim. Gives claims back when the emit failed before storing.
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 0
