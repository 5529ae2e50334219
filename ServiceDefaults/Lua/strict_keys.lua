-- Strict key mode (STRICT_SCRIPT_KEYS=1; every service's test suite runs with it): EmbeddedLua
-- prepends it to every script, and it refuses any command on a key that did not arrive through
-- KEYS, which Redis Cluster does not support and a standalone server does not notice.
local __redis = redis
local __declared = {}
for _, key in ipairs(KEYS) do __declared[key] = true end
local __every_argument = { DEL = true, UNLINK = true, EXISTS = true, TOUCH = true, MGET = true }
local __keyless = { PUBLISH = true }
-- Commands whose first argument is a subcommand (XINFO STREAM key): the key comes second.
local __subcommand = { XINFO = true, OBJECT = true, MEMORY = true }
local function __check(command, ...)
  local name = string.upper(command)
  if __keyless[name] then return end
  local first = __subcommand[name] and 2 or 1
  local last = __every_argument[name] and select('#', ...) or first
  for i = first, last do
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
