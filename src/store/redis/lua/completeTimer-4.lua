--[[
  Remove a handled timer, unless it was rescheduled or cancelled while it was being handled.
  KEYS[1] due zset, KEYS[2] lease zset, KEYS[3] job hash, KEYS[4] attempts hash
  ARGV[1] timer id, ARGV[2] due time (ms) of the claimed job
  Returns 1 if removed, 0 if left alone.
]]
--@include jobs.lua
local id = ARGV[1]
if not redis.call('ZSCORE', KEYS[2], id) then return 0 end
local job = redis.call('HGET', KEYS[3], id)
if not job then
  redis.call('ZREM', KEYS[2], id)
  return 0
end
local decoded = cjson.decode(job)
if tonumber(decoded['d']) ~= tonumber(ARGV[2]) then return 0 end
removeJob(KEYS[1], KEYS[2], KEYS[3], KEYS[4], id)
return 1
