-- Health of a contextcore.io/v1 ProjectContext (ContextCore GitOps), from what ContextCore's
-- Argo CD hooks write into its status (docs/delivery.md of contextcore-gitops):
--   the PostSync hook: lastVerifiedTime, observedGeneration, observedPlanChecksum, artifacts[].state
--     (verified | missing | unverifiable | skipped) with a reason per artifact;
--   the PreSync error-budget gate: gate.decision (allow | warn | block), gate.message (no final
--     period), gate.override,
--     gate.livePlanChecksum (the render that was live when it decided);
-- and the render's annotation contextcore.io/plan-checksum (present when a hook is rendered).
--
-- Argo CD waits for every synced resource to be Healthy before it runs PostSync hooks, and fails
-- the sync on a Degraded one (gitops-engine pkg/sync/sync_context.go). So what only the coming
-- PostSync hook can refresh -- no verification yet, a status written for an older render or
-- generation -- is Healthy with a message saying so: Progressing there would hold the sync
-- forever before the hook that ends it. Degraded is kept for facts about the live render: planned
-- artifacts found missing, and a gate block that no later render has replaced.
--
-- Written for the runtime of argocd-cm health checks: base and table only (no string, math, os).

local MAX_LISTED = 3

local function field(t, key)
  if type(t) == "table" then
    return t[key]
  end
  return nil
end

local annotations = field(obj.metadata, "annotations")
local stamp = field(annotations, "contextcore.io/plan-checksum")
local status = obj.status
if type(status) ~= "table" then
  status = {}
end
local gate = status.gate
if type(gate) ~= "table" then
  gate = nil
end

local function joinReasons(list)
  local shown = {}
  for i, text in ipairs(list) do
    if i > MAX_LISTED then
      table.insert(shown, "and " .. (#list - MAX_LISTED) .. " more")
      break
    end
    table.insert(shown, text)
  end
  return table.concat(shown, "; ")
end

-- What the gate decided last, for messages that are not about its block.
local function gateNote()
  if gate == nil or gate.decision == nil then
    return ""
  end
  local note = " Error-budget gate: " .. gate.decision
  if gate.override ~= nil then
    note = note .. " (override: " .. gate.override .. ")"
  end
  if gate.message ~= nil and gate.decision ~= "allow" then
    note = note .. ": " .. gate.message
  end
  return note .. "."
end

local hs = {}

-- A block is current while the render it judged has not been applied: the live object still
-- carries the plan checksum that was live when the gate decided.
if gate ~= nil and gate.decision == "block" and stamp ~= nil and gate.livePlanChecksum == stamp then
  hs.status = "Degraded"
  hs.message = "Sync blocked by the error-budget gate"
  if gate.decidedTime ~= nil then
    hs.message = hs.message .. " at " .. gate.decidedTime
  end
  if gate.message ~= nil then
    hs.message = hs.message .. ": " .. gate.message
  end
  hs.message = hs.message .. "."
  return hs
end

if status.lastVerifiedTime == nil then
  hs.status = "Healthy"
  hs.message = "Not verified yet: ContextCore's PostSync hook records coverage after a sync." .. gateNote()
  return hs
end

local generation = field(obj.metadata, "generation")
local observed = status.observedGeneration
if generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Healthy"
  hs.message = "Awaiting verification: the status is for generation " .. observed .. ", the spec is at generation " .. generation .. "." .. gateNote()
  return hs
end
if stamp ~= nil and status.observedPlanChecksum ~= stamp then
  hs.status = "Healthy"
  hs.message = "Awaiting verification: the status was written for an earlier render (last verified " .. status.lastVerifiedTime .. ")." .. gateNote()
  return hs
end

local total, verified, skipped = 0, 0, 0
local missing, unverifiable = {}, {}
if type(status.artifacts) == "table" then
  for _, artifact in ipairs(status.artifacts) do
    total = total + 1
    local reason = artifact.reason
    if reason == nil then
      reason = artifact.id
    end
    if artifact.state == "verified" then
      verified = verified + 1
    elseif artifact.state == "skipped" then
      skipped = skipped + 1
    elseif artifact.state == "missing" then
      table.insert(missing, reason)
    else
      table.insert(unverifiable, reason)
    end
  end
end

if #missing > 0 then
  hs.status = "Degraded"
  hs.message = #missing .. " of " .. total .. " planned artifacts missing: " .. joinReasons(missing)
  if #unverifiable > 0 then
    hs.message = hs.message .. "; " .. #unverifiable .. " unverifiable: " .. joinReasons(unverifiable)
  end
  hs.message = hs.message .. "." .. gateNote()
  return hs
end

hs.status = "Healthy"
if verified == total then
  hs.message = "All " .. total .. " planned artifacts verified."
else
  hs.message = verified .. " of " .. total .. " planned artifacts verified"
  if skipped > 0 then
    hs.message = hs.message .. ", " .. skipped .. " skipped by the plan"
  end
  if #unverifiable > 0 then
    hs.message = hs.message .. "; " .. #unverifiable .. " unverifiable: " .. joinReasons(unverifiable)
  end
  hs.message = hs.message .. "."
end
hs.message = hs.message .. gateNote()
return hs
