-- etcd puts through the JSON gateway (POST /v3/kv/put): a new key per request, the value the same size as
-- Muster's registration body (322 bytes).  wrk -t1 ... -s etcd_put.lua URL -- OFFSET
local offset, sent = 0, 0
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(s)
  return ((s:gsub(".", function(c)
    local bits, b = "", c:byte()
    for i = 8, 1, -1 do bits = bits .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and "1" or "0") end
    return bits
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return chars:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#s % 3 + 1])
end

local value = base64(string.rep("v", 322))

function init(args)
  offset = tonumber(args[1] or "0")
end

function request()
  local key = base64(string.format("bench/key-%08d", offset + sent))
  sent = sent + 1
  return wrk.format("POST", "/v3/kv/put", {["Content-Type"] = "application/json"},
    '{"key":"' .. key .. '","value":"' .. value .. '"}')
end
