--[[
  Remove a handled timer, unless it was rescheduled or cancelled while it was being handled.
  KEYS[1] due zset, KEYS[2] lease zset, KEYS[3] job hash, KEYS[4] attempts hash
  ARGV[1] timer id, ARGV[2] due time (ms) of the claimed job
  Returns 1 if removed, 0 if left alone.
]]
--@include jobs.lua
return completeJob(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2])
