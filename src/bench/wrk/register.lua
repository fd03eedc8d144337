-- Catalog registrations (PUT /v1/catalog/register), one body per request, all 322 bytes.
-- wrk -t1 ... -s register.lua URL -- MODE OFFSET
--   unique    : a new service svc-<n> on node "bench-node" per request (scenario 1; also J_PUT's body)
--   storm     : instance storm-<n % 1000> of service storm-<n % 50>, its port moving every round of
--               1000, so every request is a real change (scenario 8)
--   update    : instance upd-<n % 10000> of service upd-<n % 50> (preloaded with port 9999), its port
--               moving every round of 10000, so every request changes an existing instance (scenario 1)
local mode, offset, sent = "unique", 0, 0

-- Fields: node, service id, service name, port, check id, service id, team (padded so every body is 322 bytes).
local template = '{"Node":"%s","Address":"127.0.0.1","NodeMeta":{"rack":"r1"},'
  .. '"Service":{"ID":"%s","Service":"%s","Tags":["v1","primary"],"Port":%d,'
  .. '"Meta":{"version":"1.4.2","team":"%s"}},'
  .. '"Check":{"CheckID":"%s-alive","Name":"alive","Status":"passing","ServiceID":"%s"}}'
local length = 322

function init(args)
  mode = args[1] or mode
  offset = tonumber(args[2] or "0")
end

local function body_for(n)
  local node, id, name, port
  if mode == "unique" then
    node, id, name, port = "bench-node", string.format("svc-%08d", n), string.format("svc-%08d", n), 8080
  elseif mode == "update" then
    local i = n % 10000
    node, id, name = "bench-node", string.format("upd-%05d", i), string.format("upd-%02d", i % 50)
    port = 10000 + math.floor(n / 10000) % 50000
  else
    local i = n % 1000
    node, id, name = "bench-node", string.format("storm-%04d", i), string.format("storm-%02d", i % 50)
    port = 10000 + math.floor(n / 1000) % 50000
  end
  local team = "platform"
  local body = string.format(template, node, id, name, port, team, id, id)
  if #body < length then team = team .. string.rep("x", length - #body) end
  return string.format(template, node, id, name, port, team, id, id)
end

function request()
  sent = sent + 1
  return wrk.format("PUT", nil, {["Content-Type"] = "application/json"}, body_for(offset + sent - 1))
end
