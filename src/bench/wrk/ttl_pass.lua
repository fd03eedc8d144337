-- TTL heartbeats (PUT /v1/agent/check/pass/ttl-<i>) cycling over COUNT passing checks: no status change.
-- wrk -t1 ... -s ttl_pass.lua URL -- COUNT
local count, sent = 64, 0

function init(args)
  count = tonumber(args[1] or "64")
end

function request()
  local path = "/v1/agent/check/pass/ttl-" .. (sent % count)
  sent = sent + 1
  return wrk.format("PUT", path)
end
