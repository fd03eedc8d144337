-- Session renews (PUT /v1/session/renew/<id>) cycling over the given session IDs: not a write.
-- wrk -t1 ... -s renew.lua URL -- ID [ID ...]
local ids, sent = {}, 0

function init(args)
  for i = 1, #args do ids[i] = args[i] end
end

function request()
  local path = "/v1/session/renew/" .. ids[(sent % #ids) + 1]
  sent = sent + 1
  return wrk.format("PUT", path)
end
