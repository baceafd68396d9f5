import { z } from "zod";
import { assetRef, authRef, objectName, url, URL_RULE } from "./common.js";
import { sideEffects, toolDecl, toolScopes } from "./asset-block-parts.js";

// Typed blocks of the asset types that act or front other assets: Agent, Tool, MCPServer,
// PromptGateway and AIApplication.

export const agent = z
  .object({
    framework: z
      .enum(["langchain", "langgraph", "llamaindex", "autogen", "crewai", "semantic-kernel", "openai-agents", "custom"])
      .describe(
        "Framework the agent is built with: langchain, langgraph, llamaindex, autogen, crewai, semantic-kernel, openai-agents or custom.",
      ),
    autonomy: z
      .enum(["supervised", "semi-autonomous", "autonomous"])
      .describe(
        "How far the agent acts alone: supervised (a human confirms each action), semi-autonomous (only some actions need confirmation) or autonomous.",
      ),
    url: url.optional().describe(`URL of the agent's API, if it exposes one; scans probe it there. ${URL_RULE}`),
    tools: z.array(toolDecl).max(128).optional().describe("Tools the agent can call, at most 128."),
    memory: z
      .object({
        kind: z
          .enum(["none", "session", "persistent"])
          .describe(
            "How long the agent remembers: none, session (one conversation) or persistent (across conversations, open to memory poisoning).",
          ),
        store: z
          .string()
          .max(256)
          .optional()
          .describe("Where persistent memory is kept, e.g. redis://memory.svc or a VectorDatabase asset name."),
      })
      .optional()
      .describe("The agent's memory between turns."),
    humanApproval: z.boolean().default(false).describe("Whether high-impact actions wait for a human in the loop. Defaults to false."),
  })
  .describe("An LLM-driven agent that plans and calls tools.");

export const tool = z
  .object({
    kind: z
      .enum(["function", "http", "code-exec", "shell", "browser", "database", "filesystem", "email"])
      .describe("What the tool does: function, http, code-exec, shell, browser, database, filesystem or email."),
    endpoint: url.optional().describe(`URL the tool calls or is served at. ${URL_RULE}`),
    scopes: toolScopes,
    sideEffects,
  })
  .describe("A tool agents call, such as an HTTP API or a code interpreter.");

export const mcpServer = z
  .object({
    transport: z
      .enum(["stdio", "sse", "streamable-http"])
      .describe("MCP transport: stdio (a local process, needs command), sse or streamable-http (remote, need url)."),
    url: url.optional().describe(`URL of the server for sse and streamable-http, e.g. http://crm-mcp.crm.svc:3000/mcp. ${URL_RULE}`),
    command: z
      .array(z.string().min(1).max(1024))
      .min(1)
      .max(32)
      .optional()
      .describe("Command line (argv) that starts a stdio server, 1-32 arguments, e.g. [npx, -y, @scope/server]."),
    package: z.string().max(214).optional().describe("npm or PyPI package the server comes from, for supply-chain review."),
    version: z.string().max(64).optional().describe("Version of that package in use."),
    tools: z.array(toolDecl).max(256).optional().describe("Tools the server exposes, at most 256."),
    auth: authRef.optional(),
  })
  .meta({
    "x-kubernetes-validations": [
      {
        rule: "self.transport == 'stdio' ? has(self.command) : has(self.url)",
        message: "stdio servers need command; sse and streamable-http need url",
        fieldPath: ".transport",
      },
    ],
  })
  .describe("A Model Context Protocol server offering tools to agents.");

export const promptGateway = z
  .object({
    url: url.describe(`URL applications send their LLM traffic to. ${URL_RULE}`),
    product: z
      .enum(["aispm", "litellm", "kong", "portkey", "cloudflare", "envoy", "other"])
      .default("aispm")
      .describe(
        "Gateway product: aispm (the aispm gateway sidecar), litellm, kong, portkey, cloudflare, envoy or other. Defaults to aispm.",
      ),
    policyRef: z
      .object({ name: objectName.describe("Name of the GatewayPolicy, in the asset's namespace.") })
      .optional()
      .describe("GatewayPolicy the gateway enforces."),
  })
  .describe("A proxy between applications and LLM providers that filters prompts and responses.");

export const aiApplication = z
  .object({
    exposure: z.enum(["internal", "partner", "public"]).describe("Who can reach the application: internal, partner or public."),
    userFacing: z
      .boolean()
      .default(true)
      .describe("Whether people interact with it directly (rather than other systems). Defaults to true."),
    components: z
      .array(assetRef.describe("AIAsset the application is built from."))
      .max(128)
      .optional()
      .describe("AIAssets the application is built from, at most 128; each adds a dependsOn relation."),
    url: url.optional().describe(`URL users reach the application at. ${URL_RULE}`),
  })
  .describe("A product or service built on AI assets.");
