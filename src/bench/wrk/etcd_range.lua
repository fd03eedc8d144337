-- etcd range reads of one key through the JSON gateway (POST /v3/kv/range).
-- wrk -t1 ... -s etcd_range.lua URL -- BASE64_KEY
function init(args)
  wrk.method = "POST"
  wrk.path = "/v3/kv/range"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"key":"' .. args[1] .. '"}'
end
