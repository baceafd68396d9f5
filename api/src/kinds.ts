import type { z } from "zod";
import { aiAssetSpec, aiAssetStatus } from "./ai-asset.js";
import { findingReviewSpec, findingReviewStatus } from "./finding-review.js";
import { gatewayPolicySpec, gatewayPolicyStatus } from "./gateway-policy.js";
import { scanReportSpec, scanReportStatus } from "./scan-report.js";
import { scanScheduleSpec, scanScheduleStatus } from "./scan-schedule.js";

export const GROUP = "aispm.dev";
export const VERSION = "v1alpha1";
export const API_VERSION = `${GROUP}/${VERSION}`;

export interface PrinterColumn {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface KindDef {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  spec: z.ZodType;
  status: z.ZodType;
  columns: PrinterColumn[];
  description: string;
}

const age: PrinterColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };
const ready: PrinterColumn = { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' };

export const KINDS = {
  AIAsset: {
    kind: "AIAsset",
    plural: "aiassets",
    singular: "aiasset",
    shortNames: ["aia", "asset"],
    spec: aiAssetSpec,
    status: aiAssetStatus,
    description: "An AI asset in the inventory: endpoint, agent, tool, MCP server, RAG system, vector DB, model, data source, ...",
    columns: [
      { name: "Type", type: "string", jsonPath: ".spec.type" },
      { name: "Risk", type: "integer", jsonPath: ".status.riskScore" },
      { name: "Critical", type: "integer", jsonPath: ".status.severityCounts.critical" },
      { name: "High", type: "integer", jsonPath: ".status.severityCounts.high" },
      { name: "Last-Scan", type: "date", jsonPath: ".status.lastScan.time" },
      { name: "Shadow", type: "boolean", jsonPath: ".status.shadow" },
      ready,
      age,
    ],
  },
  ScanSchedule: {
    kind: "ScanSchedule",
    plural: "scanschedules",
    singular: "scanschedule",
    shortNames: ["ss", "scansched"],
    spec: scanScheduleSpec,
    status: scanScheduleStatus,
    description: "When and how assets are scanned: cron, asset selector, probe suites, judges.",
    columns: [
      { name: "Schedule", type: "string", jsonPath: ".spec.schedule" },
      { name: "Suspend", type: "boolean", jsonPath: ".spec.suspend" },
      { name: "Last-Run", type: "date", jsonPath: ".status.lastRunTime" },
      { name: "Last-Result", type: "string", jsonPath: ".status.lastResult" },
      age,
    ],
  },
  ScanReport: {
    kind: "ScanReport",
    plural: "scanreports",
    singular: "scanreport",
    shortNames: ["sr"],
    spec: scanReportSpec,
    status: scanReportStatus,
    description: "One scan run's bounded findings for one asset; transcripts live in the evidence store.",
    columns: [
      { name: "Asset", type: "string", jsonPath: ".spec.assetRef.name" },
      { name: "Result", type: "string", jsonPath: ".spec.result" },
      { name: "Critical", type: "integer", jsonPath: ".spec.summary.critical" },
      { name: "High", type: "integer", jsonPath: ".spec.summary.high" },
      { name: "Started", type: "date", jsonPath: ".spec.startedAt" },
      age,
    ],
  },
  GatewayPolicy: {
    kind: "GatewayPolicy",
    plural: "gatewaypolicies",
    singular: "gatewaypolicy",
    shortNames: ["gwp"],
    spec: gatewayPolicySpec,
    status: gatewayPolicyStatus,
    description: "What the gateway sidecar enforces: DLP, normalization, injection, tools, upstreams, budgets, rate limits.",
    columns: [
      { name: "Version", type: "integer", jsonPath: ".status.bundleVersion" },
      { name: "Key", type: "string", jsonPath: ".status.keyId" },
      { name: "In-Sync", type: "integer", jsonPath: ".status.sidecarsInSync" },
      { name: "Fail-Mode", type: "string", jsonPath: ".spec.failMode" },
      age,
    ],
  },
  FindingReview: {
    kind: "FindingReview",
    plural: "findingreviews",
    singular: "findingreview",
    shortNames: ["fr"],
    spec: findingReviewSpec,
    status: findingReviewStatus,
    description: "A triage act on a finding, recorded with the reviewer's identity in the audit trail.",
    columns: [
      { name: "Asset", type: "string", jsonPath: ".spec.assetRef.name" },
      { name: "Finding", type: "string", jsonPath: ".spec.findingId" },
      { name: "Action", type: "string", jsonPath: ".spec.action" },
      { name: "Reviewer", type: "string", jsonPath: ".status.reviewer" },
      age,
    ],
  },
} satisfies Record<string, KindDef>;

export type KindName = keyof typeof KINDS;
