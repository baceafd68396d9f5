import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { findHomeDir, KubeConfig } from "@kubernetes/client-node";
import { parse } from "yaml";
import { z } from "zod";
import { OP_ERR, OperatorError } from "../errors.js";

export interface LoadedKubeconfig {
  kc: KubeConfig;
  server: URL;
  /** The current user's bearer token file, if it has one: re-read as it rotates. */
  tokenFile?: string;
}

// Only the fields client-node does not read: it ignores client-go's `tokenFile` and reads its own
// `token-file` spelling once, at load.
const rawUsers = z.object({
  users: z
    .array(
      z.object({ name: z.string(), user: z.object({ tokenFile: z.string().optional(), "token-file": z.string().optional() }).nullish() }),
    )
    .nullish(),
});

function tokenFileFromRaw(file: string, userName: string): string | undefined {
  const parsed = rawUsers.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) return undefined;
  const user = parsed.data.users?.find((u) => u.name === userName)?.user;
  const path = user?.tokenFile ?? user?.["token-file"];
  // client-go resolves kubeconfig paths relative to the file that names them.
  return path && !isAbsolute(path) ? join(dirname(file), path) : path || undefined;
}

/** In-cluster config names the projected service-account token through a `tokenFile` auth provider. */
function tokenFileFromProvider(kc: KubeConfig): string | undefined {
  const provider: unknown = kc.getCurrentUser()?.authProvider;
  const parsed = z.object({ config: z.object({ tokenFile: z.string().min(1) }) }).safeParse(provider);
  return parsed.success ? parsed.data.config.tokenFile : undefined;
}

/**
 * The file KubeConfig.loadFromDefault reads when KUBECONFIG is unset (callers pass KUBECONFIG from
 * config.ts as the path), made explicit so its raw `tokenFile` can be found.
 */
function defaultFile(): string | undefined {
  const home = findHomeDir();
  const file = home ? join(home, ".kube", "config") : undefined;
  return file && existsSync(file) ? file : undefined;
}

export function loadKubeconfig(path?: string): LoadedKubeconfig {
  const kc = new KubeConfig();
  const file = path || defaultFile();
  let tokenFile: string | undefined;
  try {
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
    const user = kc.getCurrentUser();
    tokenFile = tokenFileFromProvider(kc) ?? (file && user ? tokenFileFromRaw(file, user.name) : undefined);
  } catch (err) {
    throw new OperatorError(OP_ERR.KUBECONFIG, `cannot load kubeconfig ${path ?? "(default)"}: ${String(err)}`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new OperatorError(OP_ERR.KUBECONFIG, "kubeconfig has no current cluster");
  return { kc, server: new URL(cluster.server), tokenFile };
}
