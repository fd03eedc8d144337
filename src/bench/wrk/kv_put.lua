-- KV writes (PUT /v1/kv/bench/kv-<n>): a new key per request, the value 322 bytes like etcd_put.lua's, so
-- every request is a real change.  wrk -t1 ... -s kv_put.lua URL -- OFFSET
local offset, sent = 0, 0
local value = string.rep("v", 322)

function init(args)
  offset = tonumber(args[1] or "0")
end

function request()
  local path = string.format("/v1/kv/bench/kv-%09d", offset + sent)
  sent = sent + 1
  return wrk.format("PUT", path, nil, value)
end
