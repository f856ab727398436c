--[[
  Reserve the next send slot of a pacing key: one slot per interval, shared by every replica.
  KEYS[1] pacing key (holds the time the next slot opens)
  ARGV[1] now (epoch ms)
  ARGV[2] interval (ms)
  Returns the reserved slot (>= now).
]]
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local nextOpen = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextOpen)
redis.call('SET', KEYS[1], slot + interval, 'PX', math.floor(slot + interval - now + 1000))
return slot
