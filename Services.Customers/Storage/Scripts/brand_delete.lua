-- KEYS[1] the brand's record. ARGV[1] the revocation channel, ARGV[2] the notice. Once the record
-- is gone every token of the brand is refused; the brand's other keys are removed after this.
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1
