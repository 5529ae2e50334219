-- Strict key mode (CUSTOMERS_STRICT_SCRIPT_KEYS=1; the test suites run with it): prepended to
-- every script, it refuses any command on a key that did not arrive through KEYS, which Redis
-- Cluster does not support and a standalone server does not notice.
local __redis = redis
local __declared = {}
for _, key in ipairs(KEYS) do __declared[key] = true end
local __every_argument = { DEL = true, UNLINK = true, EXISTS = true, TOUCH = true, MGET = true }
local __keyless = { PUBLISH = true }
local function __check(command, ...)
  local name = string.upper(command)
  if __keyless[name] then return end
  local last = __every_argument[name] and select('#', ...) or 1
  for i = 1, last do
    local key = select(i, ...)
    if key ~= nil and not __declared[key] then
      error('strict keys: ' .. name .. ' touches ' .. tostring(key) .. ', which is not in KEYS')
    end
  end
end
local redis = setmetatable({
  call = function(command, ...)
    __check(command, ...)
    return __redis.call(command, ...)
  end,
  pcall = function(command, ...)
    __check(command, ...)
    return __redis.pcall(command, ...)
  end,
}, { __index = __redis })
